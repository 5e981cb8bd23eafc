package dev.surge.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every HTTP request a node serves, whichever role and route: {@code http_server_request_duration_seconds}
 * by method, route pattern and status, and {@code http_server_api_key_requests_total} by key id. Labels
 * stay low-cardinality: route patterns, never raw paths; key ids, never secrets.
 */
public final class RequestMeters {

    /** The request-duration buckets: the alert's 200 ms threshold is a boundary, so p95 is not interpolated across it. */
    private static final Duration[] REQUEST_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    // Built once: the per-request path only picks the tagged meter, it does not rebuild a builder.
    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Counter> keyRequests;

    public RequestMeters(MeterRegistry registry) {
        this.requests = Timer.builder("http.server.request.duration")
                .description("HTTP requests by method, route pattern and status")
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .withRegistry(registry);
        this.keyRequests = Counter.builder("http.server.api.key.requests")
                .description("HTTP requests by API key id (anonymous without a key)")
                .withRegistry(registry);
    }

    /**
     * The method as a label: Helidon accepts any token as a method, and one series per invented
     * method would let any client, unauthenticated, grow the heap without bound.
     */
    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : "other";
    }

    /** Meters that go nowhere, for tests that do not look at them. */
    public static RequestMeters discarding() {
        return new RequestMeters(new SimpleMeterRegistry());
    }

    void request(String method, String route, int status, String apiKey, long micros) {
        requests.withTags("method", methodLabel(method), "route", route, "status", Integer.toString(status))
                .record(micros, TimeUnit.MICROSECONDS);
        keyRequests.withTags("api_key", apiKey).increment();
    }
}
