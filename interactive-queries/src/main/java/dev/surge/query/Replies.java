package dev.surge.query;

import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.schemas.ApiError;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Turns a {@link QueryResult} into an HTTP answer. Refusals are thrown as {@link RequestRejected},
 * so they leave in the one error shape every route shares ({@code ApiHandler}).
 */
final class Replies {

    /** Seconds a reader waits before asking again while a store is starting, rebalancing or restoring. */
    private static final int UNAVAILABLE_RETRY_SECONDS = 1;

    private Replies() {
    }

    static <T> void send(ServerRequest req, ServerResponse res, QueryResult<T> result, String what, String key,
                         String correlationId) throws RequestRejected {
        switch (result) {
            case QueryResult.Found<T> found -> JsonBody.send(res, Status.OK_200, found.value());
            case QueryResult.NotFound<T> missing -> throw RequestRejected.notFound(what + " '" + key + "' is not known");
            case QueryResult.Unavailable<T> unavailable ->
                    throw RequestRejected.unavailable(unavailable.reason(), UNAVAILABLE_RETRY_SECONDS);
            case QueryResult.Remote<T> remote -> redirect(req, res, remote.owner(), correlationId);
        }
    }

    /** The key lives on another instance: send the caller there, query string and all. */
    private static void redirect(ServerRequest req, ServerResponse res, HostInfo owner, String correlationId) {
        String query = req.query().rawValue();
        String location = "http://" + owner.host() + ":" + owner.port() + req.path().rawPath()
                + (query.isEmpty() ? "" : "?" + query);
        res.header(HeaderNames.LOCATION, location);
        JsonBody.send(res, Status.TEMPORARY_REDIRECT_307,
                ApiError.of("moved", "served by " + owner.host() + ":" + owner.port(), correlationId));
    }

    static RequestRejected invalid(InvalidParameter invalid) {
        return RequestRejected.invalidParameter(invalid.parameter(), invalid.problem());
    }
}
