package dev.surge.node.lag;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code processor_consumer_lag_records} and {@code processor_consumer_lag_seconds}, per group,
 * topic and partition. Every processor measures the same groups, so dashboards take the max across
 * instances rather than the sum. The last measurement is kept for GET /v1/lag.
 */
public final class LagGauges {

    private final ConsumerLag lag;
    private final List<String> groups;
    private final MultiGauge records;
    private final MultiGauge seconds;
    private volatile LagReading latest;

    public LagGauges(MeterRegistry registry, ConsumerLag lag, List<String> groups) {
        this.lag = lag;
        this.groups = List.copyOf(groups);
        this.records = MultiGauge.builder("processor.consumer.lag.records")
                .description("records between a group's committed offset and the end of the partition")
                .register(registry);
        this.seconds = MultiGauge.builder("processor.consumer.lag.seconds")
                .description("seconds since the oldest record a group has not consumed was written")
                .register(registry);
    }

    public List<String> groups() {
        return groups;
    }

    /** The last measurement that succeeded; empty until the first has. */
    public Optional<LagReading> latest() {
        return Optional.ofNullable(latest);
    }

    public void measure() {
        LagReading reading = new LagReading(Instant.now(), lag.measure(groups));
        latest = reading;
        List<MultiGauge.Row<?>> recordRows = new ArrayList<>();
        List<MultiGauge.Row<?>> secondRows = new ArrayList<>();
        for (PartitionLag row : reading.partitions()) {
            Tags tags = Tags.of("group", row.group(), "topic", row.topic(), "partition", Integer.toString(row.partition()));
            recordRows.add(MultiGauge.Row.of(tags, row.lag()));
            if (row.timeLagSeconds() != null) {
                secondRows.add(MultiGauge.Row.of(tags, row.timeLagSeconds()));
            }
        }
        records.register(recordRows, true);
        seconds.register(secondRows, true);
    }
}
