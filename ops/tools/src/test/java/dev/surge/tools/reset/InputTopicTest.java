package dev.surge.tools.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InputTopicTest {

    @Test
    void aLineSumsTheOffsetsAndTheNewOffsetsAreEachPartitionsEarliest() {
        InputTopic topic = new InputTopic("orders", "", List.of(
                new InputTopic.Partition(0, 10L, 0, 10),
                new InputTopic.Partition(1, null, 0, 0),
                new InputTopic.Partition(2, 4L, 3, 7)));

        assertThat(topic.line(8)).isEqualTo("orders    3 partitions  committed 14 → 3");
        assertThat(topic.earliestOffsets()).isEqualTo(Map.of(
                new TopicPartition("orders", 0), new OffsetAndMetadata(0),
                new TopicPartition("orders", 1), new OffsetAndMetadata(0),
                new TopicPartition("orders", 2), new OffsetAndMetadata(3)));
        assertThat(topic.truncated()).containsExactly("orders-2 (at 3)");
    }

    @Test
    void aTopicWithNothingCommittedSaysSoAndItsNoteFollows() {
        InputTopic topic = new InputTopic("order-results", "the table's changelog",
                List.of(new InputTopic.Partition(0, null, 0, 5)));

        assertThat(topic.line(13)).isEqualTo("order-results  1 partition  nothing committed → 0  (the table's changelog)");
        assertThat(topic.truncated()).isEmpty();
    }
}
