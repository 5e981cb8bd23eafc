package dev.surge.query;

import dev.surge.http.RequestRejected;
import dev.surge.http.client.HttpConnection;
import dev.surge.http.client.Peers;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A key another instance owns is asked of that instance and answered here as if it were local:
 * the client never sees an internal address, and never sends its key anywhere but here.
 */
public final class Forwarding {

    /** Seconds a reader waits before asking again while ownership moves or an owner is away. */
    private static final int RETRY_SECONDS = 1;

    private final String self;
    private final Optional<Peers> peers;

    private Forwarding(String self, Optional<Peers> peers) {
        this.self = self;
        this.peers = peers;
    }

    public static Forwarding to(Peers peers) {
        return new Forwarding(peers.self(), Optional.of(peers));
    }

    /** For one instance alone, which owns every key: a key owned elsewhere is a rebalance in progress. */
    public static Forwarding none(String self) {
        return new Forwarding(self, Optional.empty());
    }

    /** This instance, as {@link Peers#SERVED_BY} names it on the answers of its own state. */
    String self() {
        return self;
    }

    /** Whether this request already came from another instance, which must then get our own state's answer. */
    static boolean forwarded(ServerRequest req) {
        return req.headers().contains(HeaderNames.create(Peers.FORWARDED_BY));
    }

    /**
     * Asks the owner and relays its answer, status and all.
     *
     * @param wait how long the owner may hold the request (a long poll), zero for none
     */
    void forward(ServerRequest req, ServerResponse res, HostInfo owner, String correlationId, Duration wait)
            throws RequestRejected {
        // One hop at most: an owner that thinks a third instance owns the key is mid-rebalance.
        if (peers.isEmpty() || forwarded(req)) {
            throw RequestRejected.unavailable("the key's partition is moving between instances; retry", RETRY_SECONDS);
        }
        String target = owner.host() + ":" + owner.port();
        String query = req.query().rawValue();
        HttpConnection.Answer answer;
        try {
            answer = peers.get().get(target, req.path().rawPath() + (query.isEmpty() ? "" : "?" + query),
                    correlationId, wait);
        } catch (IOException | RuntimeException e) {
            throw RequestRejected.unavailable("the instance that holds this key did not answer; retry",
                    RETRY_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
        if (answer.status() == 401 || answer.status() == 403) {
            // The caller was let in here; the owner refused us: the instances' INTERNAL_TOKEN differ or are unset.
            throw RequestRejected.unavailable("instances cannot read from each other: give every instance the same"
                    + " INTERNAL_TOKEN", RETRY_SECONDS);
        }
        relay(res, answer);
    }

    private static void relay(ServerResponse res, HttpConnection.Answer answer) {
        res.status(Status.create(answer.status()));
        String servedBy = answer.header(Peers.SERVED_BY);
        if (servedBy != null) {
            res.header(Peers.SERVED_BY, servedBy);
        }
        String retryAfter = answer.header(HeaderNames.RETRY_AFTER.defaultCase());
        if (retryAfter != null) {
            res.header(HeaderNames.RETRY_AFTER, retryAfter);
        }
        String contentType = answer.header(HeaderNames.CONTENT_TYPE.defaultCase());
        res.header(HeaderNames.CONTENT_TYPE, contentType == null ? MediaTypes.APPLICATION_JSON_VALUE : contentType);
        res.send(answer.body());
    }
}
