package dev.surge.query;

import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The long polls ({@code ?wait}) this instance holds: each keeps a socket and a request slot for up
 * to HTTP_MAX_WAIT, so one caller may hold HTTP_MAX_WAITS_PER_KEY of them and the instance
 * HTTP_MAX_WAITS; a request past either is refused at once rather than queued.
 */
public final class Waits {

    private static final int RETRY_AFTER_SECONDS = 1;

    private final int maxWaits;
    private final int maxPerHolder;
    private final Map<String, Integer> perHolder = new HashMap<>();
    private int held;

    public Waits(int maxWaits, int maxPerHolder) {
        this.maxWaits = maxWaits;
        this.maxPerHolder = maxPerHolder;
    }

    /** A place for one wait, given back by closing it. */
    public interface Place extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * @param holder whom the wait counts against: an API key, or a client address without one
     * @throws RequestRejected 429 when the holder waits its most, 503 when the instance does
     */
    public synchronized Place take(String holder) throws RequestRejected {
        int mine = perHolder.getOrDefault(holder, 0);
        if (mine >= maxPerHolder) {
            throw new RequestRejected(Status.TOO_MANY_REQUESTS_429, "too_many_waits", "this API key (or client"
                    + " address) already waits on " + mine + " requests here, the most allowed"
                    + " (HTTP_MAX_WAITS_PER_KEY); ask without wait, or once one is answered", List.of(),
                    Map.of(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)));
        }
        if (held >= maxWaits) {
            throw RequestRejected.unavailable("this instance holds its most waiting requests (HTTP_MAX_WAITS);"
                    + " retry, or ask without wait", RETRY_AFTER_SECONDS);
        }
        perHolder.merge(holder, 1, Integer::sum);
        held++;
        return () -> give(holder);
    }

    private synchronized void give(String holder) {
        perHolder.computeIfPresent(holder, (h, n) -> n == 1 ? null : n - 1);
        held--;
    }

    /**
     * Whom a wait (or a live stream) counts against: its API key, or without one (auth off) its
     * client address, so that one client cannot take every place of an instance that has no keys.
     */
    public static String holder(ServerRequest request) {
        Principal principal = Principal.of(request);
        if (principal.authenticated()) {
            return "key:" + principal.keyId();
        }
        SocketAddress address = request.remotePeer().address();
        return "address:" + (address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address));
    }

    public synchronized int held() {
        return held;
    }
}
