package dev.surge.tools.reset;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** An input topic of the topology: per partition the group's committed offset and the log's start and end. */
record InputTopic(String name, String note, List<Partition> partitions) {

    /** {@code committed} is null where the group has committed nothing. */
    record Partition(int partition, Long committed, long earliest, long end) {
    }

    /** The new committed offset of every partition: its earliest. */
    Map<TopicPartition, OffsetAndMetadata> earliestOffsets() {
        return partitions.stream().collect(Collectors.toMap(p -> new TopicPartition(name, p.partition()),
                p -> new OffsetAndMetadata(p.earliest())));
    }

    /**
     * {@code orders  3 partitions  committed 14 → 0}: offsets summed over the partitions, then
     * what the topic is to the topology when that is not obvious.
     */
    String line(int nameWidth) {
        long committed = partitions.stream().filter(p -> p.committed() != null).mapToLong(Partition::committed).sum();
        boolean any = partitions.stream().anyMatch(p -> p.committed() != null);
        long earliest = partitions.stream().mapToLong(Partition::earliest).sum();
        String from = any ? "committed " + committed : "nothing committed";
        return String.format("%-" + nameWidth + "s  %d partition%s  %s → %d%s", name, partitions.size(),
                partitions.size() == 1 ? "" : "s", from, earliest, note.isEmpty() ? "" : "  (" + note + ")");
    }

    /**
     * Partitions whose log no longer starts at 0: retention (or delete-records) removed their
     * first records, and a rebuild from what is left lacks them.
     */
    List<String> truncated() {
        return partitions.stream().filter(p -> p.earliest() > 0)
                .map(p -> name + "-" + p.partition() + " (at " + p.earliest() + ")")
                .toList();
    }
}
