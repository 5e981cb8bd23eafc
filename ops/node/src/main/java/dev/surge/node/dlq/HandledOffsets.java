package dev.surge.node.dlq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Which records of one DLQ partition {@code dlq replay} has handled, as the DLQ consumer group's
 * committed offset keeps it: every record below {@code next}, and every record inside one of
 * {@code ranges} (all above {@code next}). Everything else is pending.
 *
 * <p>Why the ranges: a filtered replay leaves the records it does not match pending, so it may not
 * commit past the first of them; the records it did replay behind that one are written into the
 * commit's metadata instead, so that the next run does not replay them again. A range covers
 * consecutive records, not consecutive offsets: transaction markers sit between a DLQ's records,
 * and a range may span them.
 */
public record HandledOffsets(long next, List<Range> ranges) {

    public record Range(long first, long last) {

        boolean contains(long offset) {
            return offset >= first && offset <= last;
        }

        @Override
        public String toString() {
            return first == last ? Long.toString(first) : first + "-" + last;
        }
    }

    /** Marks Surge's metadata, so that a commit by another tool (kafka-consumer-groups) reads as "no ranges". */
    public static final String PREFIX = "replayed:";

    /** The broker refuses metadata over offset.metadata.max.bytes (4096 by default); stay well below it. */
    public static final int MAX_METADATA_CHARS = 3000;

    public HandledOffsets {
        ranges = normalize(next, ranges);
        // A range starting at next is a handled prefix like any other: fold it in.
        while (!ranges.isEmpty() && ranges.getFirst().first() <= next) {
            next = Math.max(next, ranges.getFirst().last() + 1);
            ranges = normalize(next, ranges.subList(1, ranges.size()));
        }
    }

    /** What the group committed for the partition; nothing committed (null) means nothing handled. */
    public static HandledOffsets from(OffsetAndMetadata committed, long logStart) {
        if (committed == null) {
            return new HandledOffsets(logStart, List.of());
        }
        // Below the log start the records are gone; nothing there can be pending.
        return new HandledOffsets(Math.max(committed.offset(), logStart), parse(committed.metadata()));
    }

    public boolean isHandled(long offset) {
        return offset < next || ranges.stream().anyMatch(r -> r.contains(offset));
    }

    public String metadata() {
        return ranges.isEmpty() ? "" : PREFIX + ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }

    public OffsetAndMetadata toCommit() {
        return new OffsetAndMetadata(next, metadata());
    }

    /** The ranges written by {@link #metadata()}; anything else (another tool's text, garbage) reads as none. */
    public static List<Range> parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() == PREFIX.length()) {
            return List.of();
        }
        List<Range> ranges = new ArrayList<>();
        try {
            for (String part : metadata.substring(PREFIX.length()).split(",")) {
                int dash = part.indexOf('-');
                long first = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
                long last = dash < 0 ? first : Long.parseLong(part.substring(dash + 1));
                if (first < 0 || last < first) {
                    return List.of();
                }
                ranges.add(new Range(first, last));
            }
        } catch (NumberFormatException e) {
            return List.of();
        }
        return ranges;
    }

    /** Sorted, above {@code next}, overlapping or touching ranges merged. */
    private static List<Range> normalize(long next, List<Range> ranges) {
        List<Range> sorted = ranges.stream()
                .filter(r -> r.last() >= next)
                .map(r -> new Range(Math.max(r.first(), next), r.last()))
                .sorted(Comparator.comparingLong(Range::first))
                .toList();
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            Range last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r.first() <= last.last() + 1) {
                merged.set(merged.size() - 1, new Range(last.first(), Math.max(last.last(), r.last())));
            } else {
                merged.add(r);
            }
        }
        return List.copyOf(merged);
    }
}
