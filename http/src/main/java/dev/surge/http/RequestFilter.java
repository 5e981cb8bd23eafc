package dev.surge.http;

import dev.surge.config.AuthSettings;
import dev.surge.http.auth.Principal;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The first thing every request meets, whichever module serves it: it gets its correlation id
 * (echoed in the response and put on every log line of the request), is counted in flight so a
 * shutdown can wait for it, is refused once the server drains, and leaves one access log line.
 */
public final class RequestFilter implements Filter {

    /** Its own logger, so the access log can be turned down without silencing anything else. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.surge.access");
    public static final String MDC_CORRELATION_ID = "correlation_id";

    private final Admission admission;
    private final AuthSettings auth;
    private final RequestMeters metrics;

    public RequestFilter(Admission admission, AuthSettings auth, RequestMeters metrics) {
        this.admission = admission;
        this.auth = auth;
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long start = System.nanoTime();
        String correlationId = CorrelationId.of(request, response);
        String path = request.path().path();
        MDC.put(MDC_CORRELATION_ID, correlationId);
        admission.enter();
        try {
            // Health stays answerable while draining: readiness saying 503 is the whole point.
            if (admission.draining() && !auth.isOpen(path)) {
                response.header(HeaderValues.CONNECTION_CLOSE);
                HttpErrors.send(response, RequestRejected.shuttingDown(), correlationId);
            } else {
                chain.proceed();
            }
        } finally {
            admission.exit();
            long micros = (System.nanoTime() - start) / 1_000;
            int status = response.status().code();
            String keyId = Principal.of(request).keyId();
            // The matched route pattern, never the raw path: /v1/orders/{order_id} is one series, not one per order.
            String route = request.matchingPattern().orElse("unmatched");
            metrics.request(request.prologue().method().text(), route, status, keyId, micros);
            ACCESS.atInfo()
                    .addKeyValue("event", "http.request")
                    .addKeyValue("method", request.prologue().method().text())
                    // As sent, still percent-encoded: a decoded %0A would start a forged line in text logs.
                    .addKeyValue("path", request.path().rawPath())
                    .addKeyValue("status", status)
                    .addKeyValue("duration_ms", micros / 1000.0)
                    .addKeyValue("api_key", keyId)
                    .log("{} {} {}", request.prologue().method().text(), request.path().rawPath(), status);
            MDC.remove(MDC_CORRELATION_ID);
        }
    }
}
