package dev.surge.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A route body that knows its request's correlation id and may refuse the request. Routes are
 * written as these and adapted with {@link #of}, so every refusal has the same shape and headers.
 */
@FunctionalInterface
public interface ApiHandler {

    void handle(ServerRequest request, ServerResponse response, String correlationId) throws RequestRejected;

    static Handler of(ApiHandler handler) {
        return (request, response) -> {
            String correlationId = CorrelationId.of(request, response);
            try {
                handler.handle(request, response, correlationId);
            } catch (RequestRejected rejected) {
                HttpErrors.send(response, rejected, correlationId);
            }
        };
    }
}
