package dev.surge.tools.dlq;

import dev.surge.node.dlq.HandledOffsets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.node.dlq.HandledOffsets.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandledTrackerTest {

    @Test
    void withNothingLeftPendingTheOffsetMovesPastTheScanIncludingTrailingMarkers() {
        HandledTracker tracker = new HandledTracker(new HandledOffsets(0, List.of()));
        tracker.handled(0);
        tracker.handled(2);
        tracker.scannedTo(5);
        assertThat(tracker.current()).isEqualTo(new HandledOffsets(5, List.of()));
    }

    @Test
    void theOffsetStopsAtTheFirstRecordLeftPendingAndTheRestGoesIntoRanges() {
        HandledTracker tracker = new HandledTracker(new HandledOffsets(0, List.of()));
        tracker.handled(0);
        tracker.leftPending(2);
        tracker.handled(4);
        // 5 is a transaction marker: the run 4-6 spans it.
        tracker.handled(6);
        tracker.leftPending(8);
        tracker.handled(10);
        tracker.scannedTo(12);
        assertThat(tracker.current()).isEqualTo(new HandledOffsets(2, List.of(new Range(4, 6), new Range(10, 10))));
        assertThat(tracker.current().metadata()).isEqualTo("replayed:4-6,10");
    }

    @Test
    void recordsHandledByAnEarlierRunCountAsHandledAndItsRangesAheadOfTheScanStay() {
        HandledOffsets before = new HandledOffsets(2, List.of(new Range(4, 6), new Range(10, 10)));
        HandledTracker tracker = new HandledTracker(before);
        assertThat(tracker.handledBefore(4)).isTrue();
        assertThat(tracker.handledBefore(2)).isFalse();
        // Mid-scan: 2 is replayed now, 4 was before; the range ahead still holds.
        tracker.handled(2);
        tracker.handled(4);
        assertThat(tracker.current()).isEqualTo(new HandledOffsets(5, List.of(new Range(5, 6), new Range(10, 10))));
        tracker.handled(6);
        tracker.leftPending(8);
        tracker.handled(10);
        assertThat(tracker.current()).isEqualTo(new HandledOffsets(8, List.of(new Range(10, 10))));
    }

    @Test
    void whenTheMetadataIsFullANewRunIsRefused() {
        HandledTracker tracker = new HandledTracker(new HandledOffsets(0, List.of()));
        long offset = 1_000_000_000L;
        tracker.leftPending(0);
        while (tracker.hasRoomFor(offset)) {
            tracker.handled(offset);
            tracker.leftPending(offset + 1);
            offset += 2;
        }
        assertThat(tracker.current().metadata().length()).isLessThanOrEqualTo(HandledOffsets.MAX_METADATA_CHARS)
                .isGreaterThan(HandledOffsets.MAX_METADATA_CHARS - 30);
        assertThat(tracker.hasRoomFor(offset + 2)).isFalse();
    }
}
