package dev.surge.tools.dlq;

import dev.surge.node.dlq.DlqBounds;
import dev.surge.node.dlq.DlqEntry;
import dev.surge.node.dlq.DlqScan;

import dev.surge.schemas.DlqRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** {@code surge dlq show}: the matching records, oldest first, pending ones unless {@code --all}. */
final class ShowAction {

    static final int MAX_VALUE_CHARS = 500;
    static final int MAX_KEY_CHARS = 200;

    private static final Comparator<DlqEntry> OLDEST_FIRST = Comparator
            .comparing((DlqEntry e) -> e.dlq().map(DlqRecord::failedAt).orElse(Instant.MAX))
            .thenComparingInt(DlqEntry::partition)
            .thenComparingLong(DlqEntry::offset);

    private ShowAction() {
    }

    static int run(Consumer<byte[], byte[]> consumer, List<DlqTopic> topics, DlqOptions options, Instant now,
                   PrintStream out) {
        for (DlqTopic topic : topics) {
            DlqBounds bounds = DlqBounds.of(consumer, topic.name());
            // The first `limit` matches of each partition hold the oldest `limit` of the topic.
            Map<TopicPartition, List<DlqEntry>> kept = new HashMap<>();
            long[] matching = {0};
            DlqScan.read(consumer, options.all() ? bounds.beginning() : bounds.pendingFrom(), bounds.end(),
                    (entries, scannedTo) -> {
                        for (DlqEntry entry : entries) {
                            if ((options.all() || !bounds.isHandled(entry)) && options.filter().matches(entry)) {
                                matching[0]++;
                                List<DlqEntry> partition = kept.computeIfAbsent(entry.topicPartition(),
                                        tp -> new ArrayList<>());
                                if (partition.size() < options.limit()) {
                                    partition.add(entry);
                                }
                            }
                        }
                    });
            List<DlqEntry> shown = kept.values().stream().flatMap(List::stream).sorted(OLDEST_FIRST)
                    .limit(options.limit()).toList();
            out.println(topic.name() + ": " + matching[0] + (options.all() ? " record(s)" : " pending record(s)")
                    + " matching " + options.filter().describe()
                    + (shown.size() < matching[0] ? "; the oldest " + shown.size() + " (--limit shows more)" : ""));
            for (DlqEntry entry : shown) {
                print(entry, bounds.isHandled(entry) ? "handled" : "pending", now, out);
            }
            out.println();
        }
        return 0;
    }

    static void print(DlqEntry entry, String state, Instant now, PrintStream out) {
        out.println("  " + entry.position() + "  " + entry.reasonName() + "  " + state);
        entry.dlq().ifPresentOrElse(dlq -> {
            out.println("    failed_at  " + dlq.failedAt() + " (" + Text.age(Duration.between(dlq.failedAt(), now))
                    + " ago)");
            out.println("    source     " + Text.oneLine(dlq.sourceTopic(), MAX_KEY_CHARS) + "-" + dlq.sourcePartition()
                    + "@" + dlq.sourceOffset());
            out.println("    error      " + Text.oneLine(dlq.error() == null ? "" : dlq.error(), MAX_VALUE_CHARS));
        }, () -> out.println("    (no readable DLQ headers: not written by Surge's dead-letter handler)"));
        out.println("    key        " + Text.bytes(entry.key(), MAX_KEY_CHARS));
        // The source record's own headers; all of them when the DLQ ones did not parse.
        List<Header> own = new ArrayList<>();
        (entry.dlq().isPresent() ? entry.sourceHeaders() : entry.headers()).forEach(own::add);
        out.println("    headers    " + (own.isEmpty() ? "(none)" : own.stream()
                .map(h -> Text.oneLine(h.key(), MAX_KEY_CHARS) + "=" + Text.bytes(h.value(), MAX_KEY_CHARS))
                .collect(Collectors.joining(", "))));
        out.println("    value      " + Text.bytes(entry.value(), MAX_VALUE_CHARS));
    }
}
