package dev.surge.tools.dlq;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a replay did (or a dry run would do) to one DLQ topic: for the confirmation's question and
 * the audit record.
 *
 * @param replayedTo records per source topic they went (or would go) back to
 * @param offsets    the partitions' offsets read, {@code 0:12-40,1:3-9} (from inclusive, to exclusive)
 */
record TopicReplay(String topic, Map<String, Long> replayedTo, long leftPending, String offsets) {

    TopicReplay {
        replayedTo = Map.copyOf(replayedTo);
    }

    long replayed() {
        return replayedTo.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code orders 3, inventory-commands 1}. */
    String destinations() {
        return replayedTo.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
