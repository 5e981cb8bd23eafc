package dev.surge.node.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the records of some partitions between two offsets each, in poll batches, then stops:
 * a DLQ that keeps growing meanwhile does not keep a command running.
 */
public final class DlqScan {

    /** How long a scan may go without getting closer to its end before it gives up. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    /** One poll's records, then per partition the offset below which everything has been read. */
    public interface BatchHandler {
        void batch(List<DlqEntry> entries, Map<TopicPartition, Long> scannedTo);
    }

    private DlqScan() {
    }

    public static void read(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from,
                            Map<TopicPartition, Long> to, BatchHandler handler) {
        List<TopicPartition> active = new ArrayList<>(from.keySet().stream()
                .filter(tp -> from.get(tp) < to.get(tp)).toList());
        if (active.isEmpty()) {
            return;
        }
        consumer.assign(active);
        active.forEach(tp -> consumer.seek(tp, from.get(tp)));
        Map<TopicPartition, Long> lastSeen = new HashMap<>(from);
        long stalledSince = System.nanoTime();
        while (!active.isEmpty()) {
            List<DlqEntry> entries = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                // A fetch may bring records past the end this scan took at its start.
                if (record.offset() < to.get(tp)) {
                    entries.add(DlqEntry.of(record));
                }
            }
            Map<TopicPartition, Long> scannedTo = new HashMap<>();
            for (TopicPartition tp : List.copyOf(active)) {
                // Transaction markers take offsets too; the position moves past them, records or not.
                long position = Math.min(consumer.position(tp), to.get(tp));
                scannedTo.put(tp, position);
                if (position >= to.get(tp)) {
                    active.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
            handler.batch(entries, scannedTo);
            boolean progressed = scannedTo.entrySet().stream().anyMatch(e -> e.getValue() > lastSeen.get(e.getKey()));
            lastSeen.putAll(scannedTo);
            if (progressed) {
                stalledSince = System.nanoTime();
            }
            if (System.nanoTime() - stalledSince > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("reading " + active + " made no progress for "
                        + STALL_TIMEOUT.toSeconds() + " s");
            }
        }
        consumer.unsubscribe();
    }
}
