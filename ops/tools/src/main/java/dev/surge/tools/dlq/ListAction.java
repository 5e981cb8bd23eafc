package dev.surge.tools.dlq;

import dev.surge.node.dlq.DlqBounds;
import dev.surge.node.dlq.DlqEntry;
import dev.surge.node.dlq.DlqScan;

import dev.surge.schemas.DlqRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;

/** {@code surge dlq list}: per DLQ topic and reason, records pending and in all, and the oldest pending. */
final class ListAction {

    private static final String ALL = "(all)";

    /** One row: counts, and when the oldest pending record failed (null: none pending or none readable). */
    private static final class Tally {
        long pending;
        long total;
        Instant oldestPending;

        void add(DlqEntry entry, boolean pendingEntry) {
            total++;
            if (pendingEntry) {
                pending++;
                entry.dlq().map(DlqRecord::failedAt)
                        .filter(at -> oldestPending == null || at.isBefore(oldestPending))
                        .ifPresent(at -> oldestPending = at);
            }
        }
    }

    private ListAction() {
    }

    static int run(Consumer<byte[], byte[]> consumer, List<DlqTopic> topics, String groupId, Instant now,
                   PrintStream out) {
        int width = Math.max(10, topics.stream().mapToInt(t -> t.name().length()).max().orElse(0));
        String format = "%-" + width + "s  %-17s %8s %8s  %s%n";
        // Every topic's bounds before the first line: a Kafka that cannot be reached leaves no half table.
        List<DlqBounds> allBounds = topics.stream().map(t -> DlqBounds.of(consumer, t.name())).toList();
        out.println("Pending = not yet handled by 'surge dlq replay' (consumer group " + groupId + ").");
        out.println();
        out.printf(format, "topic", "reason", "pending", "total", "oldest pending (failed_at)");
        for (DlqBounds bounds : allBounds) {
            // Reasons in their declared order, UNREADABLE after them, the topic's total last.
            Map<String, Tally> byReason = new TreeMap<>(ListAction::reasonOrder);
            Tally all = new Tally();
            DlqScan.read(consumer, bounds.beginning(), bounds.end(), (entries, scannedTo) -> {
                for (DlqEntry entry : entries) {
                    boolean pending = !bounds.isHandled(entry);
                    byReason.computeIfAbsent(entry.reasonName(), r -> new Tally()).add(entry, pending);
                    all.add(entry, pending);
                }
            });
            byReason.forEach((reason, tally) -> print(out, format, bounds.topic(), reason, tally, now));
            print(out, format, bounds.topic(), ALL, all, now);
        }
        return 0;
    }

    private static void print(PrintStream out, String format, String topic, String reason, Tally tally, Instant now) {
        String oldest = tally.oldestPending == null ? "-"
                : Text.age(Duration.between(tally.oldestPending, now)) + " ago (" + tally.oldestPending + ")";
        out.printf(format, topic, reason, tally.pending, tally.total, oldest);
    }

    private static int reasonOrder(String a, String b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(String reason) {
        try {
            return DlqRecord.Reason.valueOf(reason).ordinal();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE;
        }
    }
}
