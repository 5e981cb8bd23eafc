package dev.surge.http;

import dev.surge.schemas.CorrelationIds;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The id that ties one request to its log lines, its Kafka records and its response. A client's
 * id is kept when it is a plain token, so it can follow its own trace; anything else is replaced,
 * because the id ends up in logs and headers where arbitrary text does not belong.
 */
public record CorrelationId(String value) {

    public static final HeaderName HEADER = HeaderNames.create(CorrelationIds.HEADER);

    /**
     * The request's id, decided once per request and remembered in its context, so a handler and
     * an error handler of the same request agree. Also sets the response header.
     */
    public static String of(ServerRequest request, ServerResponse response) {
        CorrelationId id = request.context().get(CorrelationId.class).orElseGet(() -> {
            // The "http" prefix tells ids Surge made at its HTTP edge from ids a client sent.
            CorrelationId decided = new CorrelationId(
                    CorrelationIds.acceptOrCreate(request.headers().first(HEADER).orElse(null), "http"));
            request.context().register(decided);
            return decided;
        });
        response.header(HEADER, id.value());
        return id.value();
    }
}
