package dev.surge.query;

import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.http.client.Peers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * Turns a {@link QueryResult} into an HTTP answer. Refusals are thrown as {@link RequestRejected},
 * so they leave in the one error shape every route shares ({@code ApiHandler}); a key another
 * instance owns is answered by that instance ({@link Forwarding}).
 */
final class Replies {

    /** Seconds a reader waits before asking again while a store is starting, rebalancing or restoring. */
    private static final int UNAVAILABLE_RETRY_SECONDS = 1;

    private final Forwarding forwarding;

    Replies(Forwarding forwarding) {
        this.forwarding = forwarding;
    }

    <T> void send(ServerRequest req, ServerResponse res, QueryResult<T> result, String what, String key,
                  String correlationId) throws RequestRejected {
        send(req, res, result, StaleReads.NONE, what, key, correlationId, Duration.ZERO);
    }

    /**
     * @param stale what the caller allowed, which the instances asked in turn honour too
     * @param wait the long poll's wait, which an owner elsewhere is given in turn
     */
    <T> void send(ServerRequest req, ServerResponse res, QueryResult<T> result, StaleReads stale, String what,
                  String key, String correlationId, Duration wait) throws RequestRejected {
        if (result instanceof QueryResult.Remote<T> remote) {
            forwarding.forward(req, res, remote, stale, correlationId, wait);
            return;
        }
        res.header(Peers.SERVED_BY, forwarding.self());
        switch (result) {
            case QueryResult.Found<T> found -> JsonBody.send(res, Status.OK_200, found.value());
            case QueryResult.Stale<T> replica -> {
                res.header(StaleReads.LAG, Long.toString(replica.lag()));
                if (replica.value() == null && replica.lag() == 0) {
                    throw RequestRejected.notFound(what + " '" + key + "' is not known");
                }
                if (replica.value() == null) {
                    // Maybe among the records the replica has yet to read: only the owner can say "never".
                    throw RequestRejected.unavailable(what + " '" + key + "' is not in a replica " + replica.lag()
                            + " records behind; ask again when its owner answers", UNAVAILABLE_RETRY_SECONDS);
                }
                JsonBody.send(res, Status.OK_200, replica.value());
            }
            case QueryResult.NotFound<T> missing -> throw RequestRejected.notFound(what + " '" + key + "' is not known");
            case QueryResult.Unavailable<T> unavailable ->
                    throw RequestRejected.unavailable(unavailable.reason(), UNAVAILABLE_RETRY_SECONDS);
            case QueryResult.Remote<T> remote -> throw new IllegalStateException("answered above");
        }
    }

    static RequestRejected invalid(InvalidParameter invalid) {
        return RequestRejected.invalidParameter(invalid.parameter(), invalid.problem());
    }
}
