package dev.surge.tools.dlq;

import dev.surge.node.dlq.DlqBounds;
import dev.surge.node.dlq.DlqEntry;
import dev.surge.node.dlq.DlqScan;
import dev.surge.node.dlq.HandledOffsets;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.KafkaHeaders;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Headers;

/**
 * {@code surge dlq replay}: each matching pending record back to its source topic, original key,
 * value and headers, plus where it came from. Each poll batch is one transaction: its replays and
 * the DLQ group's offsets past them commit together, so an interrupted replay redoes at most the
 * batch it was in, and that batch's first attempt was aborted, never seen by the topology.
 *
 * <p>Records the filter does not match stay pending. The group's offset never moves past one;
 * the records replayed behind it go into the commit's metadata (see {@link HandledOffsets}).
 */
final class ReplayAction {

    static final String REPLAYED_FROM = "replayed_from";
    static final String REPLAYED_AT = "replayed_at";
    static final int MAX_DRY_RUN_LINES = 100;
    private static final int MAX_REASON_CHARS = 300;

    /** What one DLQ topic's replay did. */
    private static final class Counts {
        final Map<String, Long> replayedTo = new TreeMap<>();
        long notMatching;
        long unreplayable;
        long noRoom;
        boolean committed;

        long replayed() {
            return replayedTo.values().stream().mapToLong(Long::longValue).sum();
        }

        long left() {
            return notMatching + unreplayable + noRoom;
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    /** Empty for a dry run: nothing is produced and nothing committed. */
    private final Optional<Producer<byte[], byte[]>> producer;
    private final String groupId;
    private final DlqFilter filter;
    private final Clock clock;
    private final PrintStream out;

    ReplayAction(Consumer<byte[], byte[]> consumer, Optional<Producer<byte[], byte[]>> producer, String groupId,
                 DlqFilter filter, Clock clock, PrintStream out) {
        this.consumer = consumer;
        this.producer = producer;
        this.groupId = groupId;
        this.filter = filter;
        this.clock = clock;
        this.out = out;
    }

    List<TopicReplay> run(List<DlqTopic> topics) {
        List<TopicReplay> done = new ArrayList<>();
        for (DlqTopic topic : topics) {
            done.add(replay(topic));
        }
        if (producer.isPresent() && done.stream().anyMatch(t -> t.replayed() > 0)) {
            out.println("A replayed record that fails again comes back to its DLQ as a new record, with header "
                    + REPLAYED_FROM + ".");
        }
        return done;
    }

    private TopicReplay replay(DlqTopic topic) {
        // Read only now: after initTransactions fenced any replay still running, and waited for its commit.
        DlqBounds bounds = DlqBounds.of(consumer, topic.name());
        Map<TopicPartition, HandledTracker> trackers = new HashMap<>();
        bounds.partitions().forEach(tp -> trackers.put(tp, new HandledTracker(bounds.handled().get(tp))));
        Map<TopicPartition, HandledOffsets> committed = new HashMap<>(bounds.handled());
        Counts counts = new Counts();
        ReplayProgress progress = new ReplayProgress(topic.name(),
                producer.isPresent() ? "replayed" : "would replay", bounds.pendingFrom(), bounds.end(), out);
        DlqScan.read(consumer, bounds.pendingFrom(), bounds.end(), (entries, scannedTo) -> {
            List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (DlqEntry entry : entries) {
                handle(entry, topic, trackers.get(entry.topicPartition()), counts).ifPresent(batch::add);
            }
            scannedTo.forEach((tp, position) -> trackers.get(tp).scannedTo(position));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            trackers.forEach((tp, tracker) -> {
                if (!tracker.current().equals(committed.get(tp))) {
                    offsets.put(tp, tracker.current().toCommit());
                }
            });
            if (producer.isPresent() && (!batch.isEmpty() || !offsets.isEmpty())) {
                commit(producer.get(), batch, offsets);
                trackers.forEach((tp, tracker) -> committed.put(tp, tracker.current()));
                counts.committed = true;
            }
            progress.update(scannedTo, counts.replayed(), counts.left());
        });
        progress.finish(counts.replayed(), counts.left());
        summarize(topic, counts);
        String offsets = bounds.partitions().stream().sorted(Comparator.comparingInt(TopicPartition::partition))
                .filter(tp -> bounds.pendingFrom().get(tp) < bounds.end().get(tp))
                .map(tp -> tp.partition() + ":" + bounds.pendingFrom().get(tp) + "-" + bounds.end().get(tp))
                .collect(Collectors.joining(","));
        return new TopicReplay(topic.name(), counts.replayedTo, counts.left(), offsets);
    }

    /** Decides one record's fate and tells its tracker; returns the replay to produce, if any. */
    private Optional<ProducerRecord<byte[], byte[]>> handle(DlqEntry entry, DlqTopic topic, HandledTracker tracker,
                                                            Counts counts) {
        if (tracker.handledBefore(entry.offset())) {
            tracker.handled(entry.offset());
            return Optional.empty();
        }
        Optional<String> whyNot = whyNot(entry, topic);
        if (!filter.matches(entry)) {
            counts.notMatching++;
        } else if (whyNot.isPresent()) {
            counts.unreplayable++;
            out.println("  left pending " + entry.position() + ": " + Text.oneLine(whyNot.get(), MAX_REASON_CHARS));
        } else if (!tracker.hasRoomFor(entry.offset())) {
            counts.noRoom++;
        } else {
            ProducerRecord<byte[], byte[]> replay = replayOf(entry);
            if (producer.isEmpty() && counts.replayed() < MAX_DRY_RUN_LINES) {
                out.println("  would replay " + entry.position() + " (" + entry.reasonName() + ") to "
                        + replay.topic() + ", key " + Text.bytes(entry.key(), ShowAction.MAX_KEY_CHARS));
            }
            tracker.handled(entry.offset());
            counts.replayedTo.merge(replay.topic(), 1L, Long::sum);
            return Optional.of(replay);
        }
        tracker.leftPending(entry.offset());
        return Optional.empty();
    }

    /** Why a matching record cannot be replayed, if it cannot. */
    private static Optional<String> whyNot(DlqEntry entry, DlqTopic topic) {
        if (entry.dlq().isEmpty()) {
            return Optional.of("no readable DLQ headers, so no source topic to replay to");
        }
        String source = entry.dlq().get().sourceTopic();
        if (!topic.sources().contains(source)) {
            return Optional.of("source_topic '" + source + "' is not a topic that feeds " + topic.name());
        }
        String cutFrom = KafkaHeaders.text(entry.headers(), DlqRecord.VALUE_TRUNCATED_FROM);
        return cutFrom == null ? Optional.empty()
                : Optional.of("its value was cut from " + cutFrom + " bytes to fit the DLQ, so it is not the record"
                        + " that failed");
    }

    /** No partition: the producer's murmur2 of the key picks it, so a WRONG_PARTITION record lands right. */
    private ProducerRecord<byte[], byte[]> replayOf(DlqEntry entry) {
        Headers headers = entry.sourceHeaders();
        KafkaHeaders.put(headers, REPLAYED_FROM, entry.position());
        KafkaHeaders.put(headers, REPLAYED_AT, clock.instant().toString());
        return new ProducerRecord<>(entry.dlq().orElseThrow().sourceTopic(), null, null, entry.key(), entry.value(),
                headers);
    }

    private void commit(Producer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> batch,
                        Map<TopicPartition, OffsetAndMetadata> offsets) {
        producer.beginTransaction();
        try {
            batch.forEach(producer::send);
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(groupId));
            }
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            throw new IllegalStateException("another 'surge dlq replay' started and took over; this one stopped"
                    + " (what it had committed stays committed)", e);
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private void summarize(DlqTopic topic, Counts counts) {
        boolean dryRun = producer.isEmpty();
        long left = counts.left();
        if (counts.replayed() == 0 && left == 0) {
            out.println(topic.name() + ": nothing pending");
            return;
        }
        String to = counts.replayedTo.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        StringBuilder line = new StringBuilder(topic.name()).append(": ")
                .append(dryRun ? "would replay " : "replayed ").append(counts.replayed())
                .append(to.isEmpty() ? "" : " (" + to + ")");
        if (left > 0) {
            line.append("; ").append(dryRun ? "would leave " : "left ").append(left).append(" pending (");
            List<String> why = new ArrayList<>();
            if (counts.notMatching > 0) {
                why.add(counts.notMatching + " not matching " + filter.describe());
            }
            if (counts.unreplayable > 0) {
                why.add(counts.unreplayable + " not replayable");
            }
            if (counts.noRoom > 0) {
                why.add(counts.noRoom + " behind too many pending ones; replay those, or without a filter, first");
            }
            line.append(String.join(", ", why)).append(")");
        }
        if (dryRun) {
            line.append("; dry run: nothing produced, nothing committed");
        } else if (counts.committed) {
            line.append("; committed to group ").append(groupId);
        }
        out.println(line);
        if (dryRun && counts.replayed() > MAX_DRY_RUN_LINES) {
            out.println("  (the first " + MAX_DRY_RUN_LINES + " are listed above)");
        }
    }
}
