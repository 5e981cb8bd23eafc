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
 * This instance's calls to the other instances of the application: forwarded key lookups and the
 * parts of a fan-out. A few kept-alive connections per peer, a bounded wait for each answer, the
 * caller's correlation id carried along, and the internal credential instead of the caller's key.
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
        headers.put(FORWARDED_BY, self);
        headers.put(CorrelationIds.HEADER, correlationId);
        internalToken.ifPresent(token -> headers.put(ApiKeyFilter.INTERNAL_TOKEN.defaultCase(), token));
        // Long polls get connections of their own, so they never hold one a quick lookup needs. Two
        // pools per peer, whatever the waits asked: the peers come from the group, the waits from clients.
        boolean longPoll = !wait.isZero();
        return pool(peer, longPoll).send("GET", pathAndQuery, headers, null);
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
