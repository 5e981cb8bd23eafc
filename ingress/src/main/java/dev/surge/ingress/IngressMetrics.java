package dev.surge.ingress;

import dev.surge.ingress.breaker.CircuitBreakingPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The write API's meters, named once here with the names operators' dashboards and alerts use
 * ({@code gateway_*}; every route's request meters are {@code RequestMeters}, in http). Labels stay low-cardinality: key ids (a configured, short list), methods,
 * route patterns, status codes and outcomes; never user ids, raw paths, or secrets.
 *
 * <p>Every order that reaches {@code POST /v1/orders} ends in exactly one of: successful, failed
 * (5xx: not queued), validation failed (other 4xx), idempotency rejected (a replayed answer, 409 or
 * 422), or rate limited (429, counted with every route's in {@code gateway_rate_limited_total}).
 */
public final class IngressMetrics {

    private final MeterRegistry registry;
    private final Counter rateLimited;
    private final Counter replayed;
    private final Counter inFlightConflicts;
    private final Counter mismatches;
    private final Counter ordersReceived;
    private final Counter ordersSuccessful;
    private final Counter ordersFailed;
    private final Counter ordersInvalid;
    private final Counter ordersIdempotencyRejected;
    private final Counter eventsReceived;
    private final Counter eventsAccepted;
    private final Counter eventsRejected;
    private final Meter.MeterProvider<Counter> storeFailures;

    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimited = Counter.builder("gateway.rate.limited")
                .description("requests refused with 429, on every route").register(registry);
        this.replayed = idempotency("replayed");
        this.inFlightConflicts = idempotency("in_flight");
        this.mismatches = idempotency("mismatch");
        this.ordersReceived = orders("received", "POST /v1/orders requests that reached the handler");
        this.ordersSuccessful = orders("successful", "orders queued on the orders topic (202)");
        this.ordersFailed = orders("failed", "orders that could not be queued (5xx)");
        this.ordersInvalid = orders("validation.failed", "orders refused as invalid (4xx other than 409, 422, 429)");
        this.ordersIdempotencyRejected = orders("idempotency.rejected",
                "orders answered from the idempotency store: replayed, in flight (409) or key reused (422)");
        this.eventsReceived = events("received", "analytics events in batches read whole;"
                + " each ends accepted, rejected, or in a batch refused as a whole (429, 503, replay)");
        this.eventsAccepted = events("accepted", "analytics events the broker acknowledged");
        this.eventsRejected = events("rejected", "analytics events refused at their index in a batch");
        this.storeFailures = Counter.builder("gateway.edge.store.failures")
                .description("edge store (Redis) calls that failed or timed out")
                .withRegistry(registry);
        // Exported at 0 from the start, so a rate over them is 0 rather than absent until the first failure.
        storeFailures.withTags("store", "rate_limit");
        storeFailures.withTags("store", "idempotency");
    }

    /** Meters that go nowhere, for tests that do not look at them. */
    public static IngressMetrics discarding() {
        return new IngressMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter idempotency(String outcome) {
        return Counter.builder("gateway.idempotency")
                .description("requests answered from the edge idempotency store, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter orders(String outcome, String description) {
        return Counter.builder("gateway.orders." + outcome).description(description).register(registry);
    }

    private Counter events(String outcome, String description) {
        return Counter.builder("gateway.events." + outcome).description(description).register(registry);
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

    void orderReceived() {
        ordersReceived.increment();
    }

    void orderQueued() {
        ordersSuccessful.increment();
    }

    void orderReplayed() {
        ordersIdempotencyRejected.increment();
    }

    /** An order refused with this status: counted under the one outcome the status means. */
    void orderRefused(int status) {
        if (status >= 500) {
            ordersFailed.increment();
        } else if (status == 409 || status == 422) {
            ordersIdempotencyRejected.increment();
        } else if (status != 429) {
            ordersInvalid.increment();
        }
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
        Gauge.builder("gateway.edge.store.degraded", policy, p -> p.degraded() ? 1 : 0)
                .description("1 while the edge store (Redis) is failing").register(registry);
    }

    /** 0 closed, 1 open, 2 half-open. */
    public void circuitBreaker(CircuitBreakingPublisher publisher) {
        Gauge.builder("gateway.circuit.breaker.state", publisher, p -> p.state().code)
                .description("producer circuit breaker: 0 closed, 1 open, 2 half-open").register(registry);
    }
}
