package dev.surge.node.metrics;

import dev.surge.http.HttpErrors;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter of this process in the Prometheus text format. */
public final class MetricsService implements HttpService {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsService(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
            res.send(registry.scrape());
        }).any("/metrics", HttpErrors.methodNotAllowed(Method.GET));
    }
}
