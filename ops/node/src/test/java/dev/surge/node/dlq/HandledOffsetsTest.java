package dev.surge.node.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.node.dlq.HandledOffsets.Range;
import java.util.List;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class HandledOffsetsTest {

    @Test
    void nothingCommittedMeansEverythingFromTheLogStartIsPending() {
        HandledOffsets none = HandledOffsets.from(null, 5);
        assertThat(none.next()).isEqualTo(5);
        assertThat(none.isHandled(4)).isTrue();
        assertThat(none.isHandled(5)).isFalse();
        assertThat(none.metadata()).isEmpty();
    }

    @Test
    void recordsInsideTheRangesAreHandledThoseBetweenArePending() {
        HandledOffsets handled = HandledOffsets.from(new OffsetAndMetadata(3, "replayed:5-7,10"), 0);
        assertThat(handled.ranges()).containsExactly(new Range(5, 7), new Range(10, 10));
        assertThat(List.of(2L, 5L, 6L, 7L, 10L)).allMatch(handled::isHandled);
        assertThat(List.of(3L, 4L, 8L, 9L, 11L)).noneMatch(handled::isHandled);
        assertThat(handled.toCommit()).isEqualTo(new OffsetAndMetadata(3, "replayed:5-7,10"));
    }

    @Test
    void aRangeAtTheCommittedOffsetIsFoldedIntoIt() {
        HandledOffsets handled = new HandledOffsets(3, List.of(new Range(3, 6), new Range(7, 8), new Range(12, 12)));
        assertThat(handled.next()).isEqualTo(9);
        assertThat(handled.ranges()).containsExactly(new Range(12, 12));
    }

    @Test
    void theLogStartWinsOverAnOffsetWhoseRecordsAreGone() {
        HandledOffsets handled = HandledOffsets.from(new OffsetAndMetadata(2, "replayed:4,9"), 6);
        assertThat(handled.next()).isEqualTo(6);
        assertThat(handled.ranges()).containsExactly(new Range(9, 9));
    }

    @Test
    void metadataOfAnotherToolOrGarbageMeansNoRanges() {
        assertThat(HandledOffsets.parse("")).isEmpty();
        assertThat(HandledOffsets.parse(null)).isEmpty();
        assertThat(HandledOffsets.parse("reset by kafka-consumer-groups")).isEmpty();
        assertThat(HandledOffsets.parse("replayed:5-x")).isEmpty();
        assertThat(HandledOffsets.parse("replayed:9-5")).isEmpty();
    }
}
