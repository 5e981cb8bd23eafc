package dev.surge.http.client;

import dev.surge.http.auth.ApiKeyFilter;
import dev.surge.http.auth.Viewer;
import dev.surge.schemas.CorrelationIds;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * This instance's calls to the other instances of the application: forwarded key lookups, the
 * parts of a fan-out, and the writes a key's owner decides (order commands). A few kept-alive
 * connections per peer, a bounded wait for each answer, the caller's correlation id carried along,
 * and the internal credential instead of the caller's key.
 */
public final class Peers implements AutoCloseable {

    /** Set on a call from one instance to another: the callee answers from its own state, never calls on. */
    public static final String FORWARDED_BY = "X-Surge-Forwarded-By";
    /** On every answer of the read API: the instance whose state answered. */
    public static final String SERVED_BY = "X-Surge-Served-By";

    private static final int CONNECTIONS_PER_PEER = 8;

    private final String self;
    private final Optional<String> internalToken;
    private final Duration timeout;
    private final Duration longestWait;
    /** Present: peers are called over HTTPS, trusting this context's CAs. */
    private final Optional<SSLContext> tls;
    private final Map<String, HttpConnectionPool> pools = new ConcurrentHashMap<>();

    /**
     * @param self          this instance as its peers know it (host:port, its application.server)
     * @param internalToken INTERNAL_TOKEN, shown to peers when API keys are on
     * @param timeout       the longest a peer may take to answer, besides a long poll's own wait
     * @param longestWait   the longest wait a long poll may ask for (HTTP_MAX_WAIT)
     */
    public Peers(String self, Optional<String> internalToken, Duration timeout, Duration longestWait) {
        this(self, internalToken, timeout, longestWait, Optional.empty());
    }

    /**
     * @param tls present when the instances serve HTTPS: every peer is called over TLS, its
     *            certificate checked against these CAs and against its advertised host name
     */
    public Peers(String self, Optional<String> internalToken, Duration timeout, Duration longestWait,
                 Optional<SSLContext> tls) {
        this.tls = tls;
        this.self = self;
        this.internalToken = internalToken;
        this.timeout = timeout;
        this.longestWait = longestWait;
    }

    public String self() {
        return self;
    }

    /**
     * GETs {@code pathAndQuery} from {@code peer} (host:port) on its behalf of a request of ours.
     *
     * @param viewer whose orders the caller may see, which the peer applies in turn
     * @param wait how long the peer may hold the request itself (a long poll); zero for a lookup
     * @throws IOException when the peer cannot be reached or does not answer in time
     */
    public HttpConnection.Answer get(String peer, String pathAndQuery, String correlationId, Viewer viewer,
                                     Duration wait) throws IOException, InterruptedException {
        Map<String, String> headers = new HashMap<>();
        headers.put(Viewer.ON_BEHALF_OF.defaultCase(), viewer.header());
        return get(peer, pathAndQuery, correlationId, wait, headers);
    }

    /** A read that shows no order: the peer answers it as for a caller who sees none. */
    public HttpConnection.Answer get(String peer, String pathAndQuery, String correlationId, Duration wait)
            throws IOException, InterruptedException {
        return get(peer, pathAndQuery, correlationId, wait, new HashMap<>());
    }

    private HttpConnection.Answer get(String peer, String pathAndQuery, String correlationId, Duration wait,
                                      Map<String, String> headers) throws IOException, InterruptedException {
        // Long polls get connections of their own, so they never hold one a quick lookup needs. Two
        // pools per peer, whatever the waits asked: the peers come from the group, the waits from clients.
        return send("GET", peer, pathAndQuery, correlationId, !wait.isZero(), headers);
    }

    /**
     * POSTs {@code pathAndQuery}, without a body, to {@code peer} on behalf of a request of ours: a
     * write only that instance decides, because it owns the key (an order command). It goes on the
     * long polls' connections whatever it waits: the peer may wait for its broker first.
     *
     * @param viewer  whose orders the caller may see, which the peer applies in turn
     * @param headers more to send along, e.g. the caller's Idempotency-Key as this instance scoped it
     * @throws IOException when the peer cannot be reached or does not answer in time; the write may
     *         have been carried out all the same
     */
    public HttpConnection.Answer post(String peer, String pathAndQuery, String correlationId, Viewer viewer,
                                      Map<String, String> headers) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(headers);
        all.put(Viewer.ON_BEHALF_OF.defaultCase(), viewer.header());
        return send("POST", peer, pathAndQuery, correlationId, true, all);
    }

    private HttpConnection.Answer send(String method, String peer, String pathAndQuery, String correlationId,
                                       boolean longPoll, Map<String, String> headers)
            throws IOException, InterruptedException {
        headers.put(FORWARDED_BY, self);
        headers.put(CorrelationIds.HEADER, correlationId);
        internalToken.ifPresent(token -> headers.put(ApiKeyFilter.INTERNAL_TOKEN.defaultCase(), token));
        return pool(peer, longPoll).send(method, pathAndQuery, headers, null);
    }

    private HttpConnectionPool pool(String peer, boolean longPoll) {
        return pools.computeIfAbsent(peer + (longPoll ? "|wait" : ""), key -> new HttpConnectionPool(
                URI.create((tls.isPresent() ? "https://" : "http://") + peer), CONNECTIONS_PER_PEER,
                longPoll ? timeout.plus(longestWait) : timeout, tls.orElse(null)));
    }

    @Override
    public void close() {
        pools.values().forEach(HttpConnectionPool::close);
    }
}
