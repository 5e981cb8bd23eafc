package dev.surge.query;

import dev.surge.schemas.ApiError;
import dev.surge.schemas.CorrelationIds;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/** Turns a {@link QueryResult} into an HTTP answer; JSON written with Surge's one ObjectMapper. */
final class Replies {

    private Replies() {
    }

    static String correlationId(ServerRequest req, ServerResponse res) {
        String id = CorrelationIds.acceptOrCreate(
                req.headers().first(HeaderNames.create(CorrelationIds.HEADER)).orElse(null), "iq");
        res.header(CorrelationIds.HEADER, id);
        return id;
    }

    static <T> void send(ServerRequest req, ServerResponse res, QueryResult<T> result, String what, String key,
                         String correlationId) {
        switch (result) {
            case QueryResult.Found<T> found -> json(res, Status.OK_200, found.value());
            case QueryResult.NotFound<T> missing ->
                    error(res, Status.NOT_FOUND_404, "not_found", what + " '" + key + "' is not known", correlationId);
            case QueryResult.Unavailable<T> unavailable -> {
                res.header(HeaderValues.create(HeaderNames.RETRY_AFTER, "1"));
                error(res, Status.SERVICE_UNAVAILABLE_503, "unavailable", unavailable.reason(), correlationId);
            }
            case QueryResult.Remote<T> remote -> redirect(req, res, remote.owner(), correlationId);
        }
    }

    /** The key lives on another instance: send the caller there, query string and all. */
    private static void redirect(ServerRequest req, ServerResponse res, HostInfo owner, String correlationId) {
        String query = req.query().rawValue();
        String location = "http://" + owner.host() + ":" + owner.port() + req.path().rawPath()
                + (query.isEmpty() ? "" : "?" + query);
        res.header(HeaderNames.LOCATION, location);
        error(res, Status.TEMPORARY_REDIRECT_307, "moved", "served by " + owner.host() + ":" + owner.port(),
                correlationId);
    }

    /** For the read paths: any method but GET is answered 405 with {@code Allow: GET}. */
    static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        String correlationId = correlationId(req, res);
        res.header(HeaderNames.ALLOW, "GET");
        error(res, Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                req.prologue().method().text() + " is not allowed here; use GET", correlationId);
    }

    /** 400 for a query parameter, named in the message and as the one field of {@code details}. */
    static void invalid(ServerResponse res, InvalidParameter invalid, String correlationId) {
        json(res, Status.BAD_REQUEST_400, new ApiError("invalid_request", invalid.getMessage(),
                List.of(new FieldError(invalid.parameter(), invalid.problem())), correlationId));
    }

    static void json(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.toBytes(body));
    }

    static void error(ServerResponse res, Status status, String error, String message, String correlationId) {
        json(res, status, ApiError.of(error, message, correlationId));
    }
}
