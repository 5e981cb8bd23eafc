package dev.surge.node.dlq;

import dev.surge.schemas.DlqRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * What is pending on a DLQ topic: the records the DLQ consumer group has not handled (see
 * {@link HandledOffsets}), and when the oldest of them failed. {@code surge dlq list} shows it;
 * a gauge can poll it (one consumer, kept open, read from the pending records on).
 *
 * <p>The group is {@link #groupId(String) APPLICATION_ID-dlq}: only {@code surge dlq replay}
 * commits to it, through its transactions.
 */
public final class DlqBacklog implements AutoCloseable {

    /** A DLQ topic's backlog; {@code oldestPendingFailedAt} is empty when nothing is pending. */
    public record Backlog(String topic, long pending, Optional<Instant> oldestPendingFailedAt) {

        public Optional<Duration> oldestPendingAge(Instant now) {
            return oldestPendingFailedAt.map(failed -> Duration.between(failed, now));
        }
    }

    private final Consumer<byte[], byte[]> consumer;

    DlqBacklog(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** The DLQ consumer group of an application: apart from the Streams group, so it never joins its rebalances. */
    public static String groupId(String applicationId) {
        return applicationId + "-dlq";
    }

    /**
     * @param clientConfig every Kafka client's settings (bootstrap servers, KAFKA_* overrides)
     */
    public static DlqBacklog open(Map<String, Object> clientConfig, String applicationId) {
        return new DlqBacklog(DlqClients.consumer(clientConfig, groupId(applicationId)));
    }

    /** Reads the topic's pending records (only those), so it costs what the backlog is. */
    public Backlog measure(String topic) {
        DlqBounds bounds = DlqBounds.of(consumer, topic);
        long[] pending = {0};
        Instant[] oldest = {null};
        DlqScan.read(consumer, bounds.pendingFrom(), bounds.end(), (entries, scannedTo) -> {
            for (DlqEntry entry : entries) {
                if (!bounds.isHandled(entry)) {
                    pending[0]++;
                    entry.dlq().map(DlqRecord::failedAt)
                            .filter(at -> oldest[0] == null || at.isBefore(oldest[0]))
                            .ifPresent(at -> oldest[0] = at);
                }
            }
        });
        return new Backlog(topic, pending[0], Optional.ofNullable(oldest[0]));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
