package dev.surge.http;

import dev.surge.schemas.ApiError;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Error responses in the one shape of {@link ApiError}, for refusals and for faults alike. */
public final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    public static void send(ServerResponse response, RequestRejected rejected, String correlationId) {
        rejected.headers().forEach((name, value) -> response.header(name, value));
        JsonBody.send(response, rejected.status(), rejected.toError(correlationId));
    }

    /** For a path that exists but not with the request's method. */
    public static Handler methodNotAllowed(Method... allowed) {
        return ApiHandler.of((request, response, correlationId) -> {
            throw RequestRejected.methodNotAllowed(allowed);
        });
    }

    /**
     * The routing's error handler, registered once per server: whatever escaped a handler becomes a
     * JSON answer without internals; a {@link RequestRejected} is answered as {@link ApiHandler} would.
     * Helidon's own 4xx refusals keep their status; among them is the 404 for a path no route matches,
     * so unknown paths get this shape without a catch-all route that could shadow another module's.
     * Anything else is our fault, logged with the correlation id the client sees.
     */
    public static void uncaught(ServerRequest request, ServerResponse response, Exception failure) {
        String correlationId = CorrelationId.of(request, response);
        if (failure instanceof RequestRejected rejected && !response.isSent()) {
            // A route not wrapped in an ApiHandler refuses the same way, and gets the same answer.
            send(response, rejected, correlationId);
            return;
        }
        if (failure instanceof HttpException http && http.status().code() < 500) {
            Status status = http.status();
            String code = status.reasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
            sendIfPossible(response, status, new ApiError(code, status.reasonPhrase(), List.of(), correlationId));
            return;
        }
        LOG.error("unexpected failure on {} {} (correlation id {})",
                request.prologue().method().text(), request.path().path(), correlationId, failure);
        sendIfPossible(response, Status.INTERNAL_SERVER_ERROR_500,
                new ApiError("internal_error", "an unexpected error occurred", List.of(), correlationId));
    }

    private static void sendIfPossible(ServerResponse response, Status status, ApiError error) {
        if (!response.isSent()) {
            JsonBody.send(response, status, error);
        }
    }
}
