package dev.surge.node.metrics;

import dev.surge.node.dlq.DlqBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code processor_dlq_size{topic}} and {@code processor_dlq_oldest_message_age_seconds{topic}}:
 * what the DLQ consumer group has not handled yet, the same count {@code surge dlq list} shows.
 * A replay commits the group past what it replayed, so the size falls when the DLQ is dealt with,
 * not when records age out.
 */
public final class DlqBacklogGauges implements AutoCloseable {

    private final DlqBacklog backlog;
    private final List<String> topics;
    private final Map<String, DlqBacklog.Backlog> latest = new ConcurrentHashMap<>();

    public DlqBacklogGauges(MeterRegistry registry, DlqBacklog backlog, List<String> topics) {
        this.backlog = backlog;
        this.topics = List.copyOf(topics);
        for (String topic : topics) {
            Gauge.builder("processor.dlq.size", latest, l -> l.containsKey(topic) ? l.get(topic).pending() : Double.NaN)
                    .description("records on the DLQ topic the DLQ consumer group has not handled")
                    .tag("topic", topic).register(registry);
            Gauge.builder("processor.dlq.oldest.message.age", latest, l -> oldestAgeSeconds(l.get(topic)))
                    .description("seconds since the oldest pending DLQ record failed; 0 when none is pending")
                    .baseUnit("seconds")
                    .tag("topic", topic).register(registry);
        }
    }

    private static double oldestAgeSeconds(DlqBacklog.Backlog measured) {
        if (measured == null) {
            return Double.NaN;
        }
        return measured.oldestPendingAge(Instant.now()).map(age -> Math.max(0, age.toMillis()) / 1000.0).orElse(0.0);
    }

    /** Reads each DLQ's pending records; on the schedule's thread, the only one using the consumer. */
    public void measure() {
        for (String topic : topics) {
            latest.put(topic, backlog.measure(topic));
        }
    }

    @Override
    public void close() {
        backlog.close();
    }
}
