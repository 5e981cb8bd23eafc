package dev.surge.query.stream;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a stream stands in the inventory changelog: for each partition its items live in, the
 * first offset it has not seen. Written as the SSE event id ({@code "0:1042,3:877"}), so that a
 * client reconnecting with {@code Last-Event-ID} resumes every partition of its items, not only the
 * one its last event came from.
 */
public record Positions(SortedMap<Integer, Long> next) {

    public Positions {
        next = new TreeMap<>(next);
    }

    public static Positions of(Map<Integer, Long> next) {
        return new Positions(new TreeMap<>(next));
    }

    /**
     * Reads an event id; empty for anything this class did not write (or more partitions than
     * {@code maxPartitions}): an id the client made up is a reason to start afresh, not to fail.
     */
    public static Optional<Positions> parse(String id, int maxPartitions) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String[] parts = id.trim().split(",", -1);
        if (parts.length > maxPartitions) {
            return Optional.empty();
        }
        TreeMap<Integer, Long> next = new TreeMap<>();
        for (String part : parts) {
            int colon = part.indexOf(':');
            try {
                int partition = Integer.parseInt(part.substring(0, Math.max(colon, 0)));
                long offset = Long.parseLong(part.substring(colon + 1));
                if (partition < 0 || offset < 0 || next.put(partition, offset) != null) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Positions(next));
    }

    public String id() {
        return next.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** Whether the stream has already passed this record (sent it, or stood after it when it began). */
    public boolean passed(int partition, long offset) {
        Long position = next.get(partition);
        return position != null && offset < position;
    }

    /** These positions with {@code partition} moved past {@code offset}. */
    public Positions after(int partition, long offset) {
        TreeMap<Integer, Long> moved = new TreeMap<>(next);
        moved.put(partition, offset + 1);
        return new Positions(moved);
    }
}
