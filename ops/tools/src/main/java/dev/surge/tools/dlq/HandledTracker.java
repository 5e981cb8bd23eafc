package dev.surge.tools.dlq;

import dev.surge.node.dlq.HandledOffsets;

import dev.surge.node.dlq.HandledOffsets.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a replay through one partition's records, in offset order from where the group's commit
 * left off, and says at any point what to commit: up to the first record left pending, plus the
 * runs of records handled behind it (see {@link HandledOffsets}).
 */
final class HandledTracker {

    private final HandledOffsets before;
    /** Every offset below this one has been read in this scan (or handled before it). */
    private long scanned;
    /** The first record this scan leaves pending, or -1 while there is none. */
    private long firstLeft = -1;
    /** Runs of handled records after {@link #firstLeft}, the last one still growing while records are handled. */
    private final List<Range> runs = new ArrayList<>();
    private boolean previousHandled;

    HandledTracker(HandledOffsets before) {
        this.before = before;
        this.scanned = before.next();
    }

    /** Handled by an earlier run: counted as handled again, never replayed twice. */
    boolean handledBefore(long offset) {
        return before.isHandled(offset);
    }

    /**
     * Whether handling the record at {@code offset} still fits the commit's metadata. Only a new
     * run behind a pending record costs room; when there is none left, the record stays pending.
     */
    boolean hasRoomFor(long offset) {
        if (firstLeft < 0 || previousHandled) {
            return true;
        }
        List<Range> candidate = new ArrayList<>(runs);
        candidate.add(new Range(offset, offset));
        return state(candidate, offset + 1).metadata().length() <= HandledOffsets.MAX_METADATA_CHARS;
    }

    void handled(long offset) {
        if (firstLeft >= 0) {
            if (previousHandled) {
                runs.set(runs.size() - 1, new Range(runs.getLast().first(), offset));
            } else {
                runs.add(new Range(offset, offset));
            }
        }
        previousHandled = true;
        scanned = offset + 1;
    }

    void leftPending(long offset) {
        if (firstLeft < 0) {
            firstLeft = offset;
        }
        previousHandled = false;
        scanned = offset + 1;
    }

    /** The consumer's position after a batch: offsets up to it held no record (transaction markers). */
    void scannedTo(long position) {
        scanned = Math.max(scanned, position);
    }

    /** What to commit now. */
    HandledOffsets current() {
        return state(runs, scanned);
    }

    private HandledOffsets state(List<Range> newRuns, long scannedUpTo) {
        // Past what this scan has read, the earlier commit's ranges still hold.
        List<Range> ranges = new ArrayList<>(newRuns);
        before.ranges().stream().filter(r -> r.last() >= scannedUpTo)
                .map(r -> new Range(Math.max(r.first(), scannedUpTo), r.last()))
                .forEach(ranges::add);
        return new HandledOffsets(firstLeft < 0 ? scannedUpTo : firstLeft, ranges);
    }
}
