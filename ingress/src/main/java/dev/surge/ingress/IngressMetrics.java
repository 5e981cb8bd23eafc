package dev.surge.ingress;

import dev.surge.ingress.breaker.CircuitBreakingPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The ingress's meters, named once here. Labels stay low-cardinality: key ids (a configured,
 * short list), methods, status codes and outcomes; never user ids, paths with ids, or secrets.
 */
public final class IngressMetrics {

    /** The analytics events counters' common prefix: surge_events_received_total and its siblings. */
    static final String EVENTS = "surge.events";

    private final MeterRegistry registry;
    private final Counter rateLimited;
    private final Counter replayed;
    private final Counter inFlightConflicts;
    private final Counter mismatches;
    private final Counter eventsReceived;
    private final Counter eventsAccepted;
    private final Counter eventsRejected;
    // Built once: the per-request path only picks the tagged meter, it does not rebuild a builder.
    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Counter> storeFailures;

    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimited = Counter.builder("surge.ingress.rate.limited")
                .description("requests refused with 429").register(registry);
        this.replayed = idempotency("replayed");
        this.inFlightConflicts = idempotency("in_flight");
        this.mismatches = idempotency("mismatch");
        this.eventsReceived = events("received", "analytics events in batches read whole;"
                + " each ends accepted, rejected, or in a batch refused as a whole (429, 503, replay)");
        this.eventsAccepted = events("accepted", "analytics events the broker acknowledged");
        this.eventsRejected = events("rejected", "analytics events refused at their index in a batch");
        this.requests = Timer.builder("surge.http.server.requests")
                .description("HTTP requests by method, status and API key id")
                .withRegistry(registry);
        this.storeFailures = Counter.builder("surge.edge.store.failures")
                .description("edge store (Redis) calls that failed or timed out")
                .withRegistry(registry);
    }

    /** Meters that go nowhere, for tests that do not look at them. */
    public static IngressMetrics discarding() {
        return new IngressMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter idempotency(String outcome) {
        return Counter.builder("surge.ingress.idempotency")
                .description("requests answered from the edge idempotency store, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter events(String outcome, String description) {
        return Counter.builder(EVENTS + "." + outcome).description(description).register(registry);
    }

    void request(String method, int status, String apiKey, long micros) {
        requests.withTags("method", method, "status", Integer.toString(status), "api_key", apiKey)
                .record(micros, TimeUnit.MICROSECONDS);
    }

    void rateLimited() {
        rateLimited.increment();
    }

    void replayed() {
        replayed.increment();
    }

    void inFlightConflict() {
        inFlightConflicts.increment();
    }

    void mismatch() {
        mismatches.increment();
    }

    public void eventsReceived(int count) {
        eventsReceived.increment(count);
    }

    public void eventsAccepted(int count) {
        eventsAccepted.increment(count);
    }

    public void eventsRejected(int count) {
        eventsRejected.increment(count);
    }

    void storeFailure(String store) {
        storeFailures.withTags("store", store).increment();
    }

    void storeDegraded(StoreFailurePolicy policy) {
        Gauge.builder("surge.edge.store.degraded", policy, p -> p.degraded() ? 1 : 0)
                .description("1 while the edge store (Redis) is failing").register(registry);
    }

    /** 0 closed, 1 open, 2 half-open. */
    public void circuitBreaker(CircuitBreakingPublisher publisher) {
        Gauge.builder("surge.circuit.breaker.state", publisher, p -> p.state().code)
                .description("producer circuit breaker: 0 closed, 1 open, 2 half-open").register(registry);
    }
}
