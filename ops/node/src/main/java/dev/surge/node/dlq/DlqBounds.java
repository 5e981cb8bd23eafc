package dev.surge.node.dlq;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a DLQ topic's records are, per partition: from the log start to the end a read_committed
 * consumer sees (the last stable offset: an open transaction's records are not there yet), and
 * what the DLQ group has handled.
 */
public record DlqBounds(String topic, List<TopicPartition> partitions, Map<TopicPartition, Long> beginning,
                 Map<TopicPartition, Long> end, Map<TopicPartition, HandledOffsets> handled) {

    public static DlqBounds of(Consumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist on this Kafka (is TOPIC_PREFIX right?)");
        }
        // Assigned first: a read_committed consumer warns of every unassigned partition it lists offsets for.
        consumer.assign(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        // A read_committed consumer asks for stable offsets: a replay's commit still in its
        // transaction is waited for, not read half-done.
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, HandledOffsets> handled = partitions.stream().collect(Collectors.toMap(Function.identity(),
                tp -> HandledOffsets.from(committed.get(tp), beginning.get(tp))));
        return new DlqBounds(topic, partitions, beginning, end, handled);
    }

    /** Where the pending records start: the group's committed offset, or the log start without one. */
    public Map<TopicPartition, Long> pendingFrom() {
        return partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> handled.get(tp).next()));
    }

    public boolean isHandled(DlqEntry entry) {
        return handled.get(entry.topicPartition()).isHandled(entry.offset());
    }
}
