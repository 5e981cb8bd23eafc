package dev.surge.ops;

import dev.surge.topology.events.EventOutcomes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The topology's event outcomes as Prometheus counters: surge_events_processed_total{outcome}. */
final class EventCounters implements EventOutcomes {

    private final Counter counted;
    private final Counter duplicate;
    private final Counter late;

    EventCounters(MeterRegistry registry) {
        this.counted = counter(registry, "counted");
        this.duplicate = counter(registry, "duplicate");
        this.late = counter(registry, "late");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("surge.events.processed")
                .description("Valid events the topology counted, skipped as retries, or sent to events-dlq as LATE")
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void counted() {
        counted.increment();
    }

    @Override
    public void duplicate() {
        duplicate.increment();
    }

    @Override
    public void late() {
        late.increment();
    }
}
