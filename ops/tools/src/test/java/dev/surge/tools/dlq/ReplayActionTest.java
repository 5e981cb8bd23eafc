package dev.surge.tools.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.DlqRecord.Reason;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The replay's choices on a mock broker: what it produces, what it commits, what it leaves pending. */
class ReplayActionTest {

    private static final TopicPartition P0 = new TopicPartition("orders-dlq", 0);
    private static final DlqTopic ORDERS_DLQ = DlqTopic.all(Topics.withPrefix("")).getFirst();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private static final String GROUP = "surge-dlq";

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    private static final List<ConsumerRecord<byte[], byte[]>> MIXED = List.of(
            dead(0, Reason.INVALID_JSON, "orders"), dead(1, Reason.WRONG_PARTITION, "orders"),
            dead(2, Reason.INVALID_JSON, "orders"), dead(3, Reason.WRONG_PARTITION, "inventory-commands"));

    @Test
    void aFilteredReplayLeavesTheRestPendingAndRecordsWhatItReplayedBehindThem() {
        OffsetAndMetadata first = replay(MIXED, null, DlqFilter.NONE.withReason("WRONG_PARTITION"));

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("orders", "inventory-commands");
        ProducerRecord<byte[], byte[]> replayed = producer.history().getFirst();
        assertThat(replayed.partition()).as("murmur2 of the key picks it").isNull();
        assertThat(replayed.key()).asString().isEqualTo("k1");
        assertThat(replayed.value()).asString().isEqualTo("v1");
        assertThat(replayed.headers().toArray()).extracting(Header::key).containsExactlyInAnyOrder(
                KafkaHeaders.CORRELATION_ID, "own", ReplayAction.REPLAYED_FROM, ReplayAction.REPLAYED_AT);
        assertThat(KafkaHeaders.text(replayed.headers(), ReplayAction.REPLAYED_FROM)).isEqualTo("orders-dlq-0@1");
        assertThat(KafkaHeaders.text(replayed.headers(), ReplayAction.REPLAYED_AT)).isEqualTo("2026-11-21T12:00:00Z");
        assertThat(first).isEqualTo(new OffsetAndMetadata(0, "replayed:1,3"));
        assertThat(printed()).contains("replayed 2 (inventory-commands 1, orders 1); left 2 pending (2 not matching");
    }

    @Test
    void theSameReplayAgainReplaysNothing() {
        OffsetAndMetadata first = replay(MIXED, null, DlqFilter.NONE.withReason("WRONG_PARTITION"));
        producer.clear();

        OffsetAndMetadata second = replay(MIXED, first, DlqFilter.NONE.withReason("WRONG_PARTITION"));

        assertThat(producer.history()).isEmpty();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anUnfilteredReplayAfterAFilteredOneReplaysOnlyTheRestAndCommitsPastAll() {
        OffsetAndMetadata first = replay(MIXED, null, DlqFilter.NONE.withReason("WRONG_PARTITION"));
        producer.clear();

        OffsetAndMetadata second = replay(MIXED, first, DlqFilter.NONE);

        assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("k0", "k2");
        assertThat(second).isEqualTo(new OffsetAndMetadata(4, ""));
    }

    @Test
    void aRecordNamingATopicThatDoesNotFeedThisDlqIsNeverReplayed() {
        OffsetAndMetadata committed = replay(List.of(dead(0, Reason.PROCESSING_ERROR, "metrics-daily"),
                dead(1, Reason.INVALID_JSON, "orders")), null, DlqFilter.NONE);

        assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("k1");
        assertThat(committed).isEqualTo(new OffsetAndMetadata(0, "replayed:1"));
        assertThat(printed()).contains("left pending orders-dlq-0@0: source_topic 'metrics-daily' is not a topic that"
                + " feeds orders-dlq");
    }

    @Test
    void aRecordWhoseValueWasCutIsNeverReplayed() {
        ConsumerRecord<byte[], byte[]> cut = dead(0, Reason.INVALID_JSON, "orders");
        KafkaHeaders.put(cut.headers(), DlqRecord.VALUE_TRUNCATED_FROM, "1048350");
        OffsetAndMetadata committed = replay(List.of(cut, dead(1, Reason.INVALID_JSON, "orders")), null, DlqFilter.NONE);

        assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("k1");
        assertThat(committed).isEqualTo(new OffsetAndMetadata(0, "replayed:1"));
        assertThat(printed()).contains("left pending orders-dlq-0@0: its value was cut from 1048350 bytes");
    }

    @Test
    void aDryRunProducesAndCommitsNothing() {
        MockConsumer<byte[], byte[]> consumer = consumer(MIXED, null);
        new ReplayAction(consumer, Optional.empty(), GROUP, DlqFilter.NONE, CLOCK, new PrintStream(output, true))
                .run(List.of(ORDERS_DLQ));

        assertThat(printed()).contains("would replay orders-dlq-0@1 (WRONG_PARTITION) to orders, key k1")
                .contains("would replay 4 (inventory-commands 1, orders 3)")
                .contains("dry run: nothing produced, nothing committed");
        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
        assertThat(producer.history()).isEmpty();
    }

    /** Runs a replay and returns what it committed for partition 0 in the end (the prior commit if nothing). */
    private OffsetAndMetadata replay(List<ConsumerRecord<byte[], byte[]>> records, OffsetAndMetadata committed,
                                     DlqFilter filter) {
        if (!producer.transactionInitialized()) {
            producer.initTransactions();
        }
        new ReplayAction(consumer(records, committed), Optional.of(producer), GROUP, filter, CLOCK,
                new PrintStream(output, true)).run(List.of(ORDERS_DLQ));
        return producer.consumerGroupOffsetsHistory().stream()
                .map(byGroup -> byGroup.get(GROUP).get(P0))
                .reduce((a, b) -> b).orElse(committed);
    }

    private static MockConsumer<byte[], byte[]> consumer(List<ConsumerRecord<byte[], byte[]>> records,
                                                        OffsetAndMetadata committed) {
        // MockConsumer keeps no commit metadata, and the replay never commits through the consumer anyway.
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                offsets.put(P0, committed);
                return offsets;
            }
        };
        consumer.updatePartitions(P0.topic(), List.of(new PartitionInfo(P0.topic(), 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, (long) records.size()));
        consumer.assign(List.of(P0));
        records.forEach(consumer::addRecord);
        return consumer;
    }

    private static ConsumerRecord<byte[], byte[]> dead(long offset, Reason reason, String source) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(P0.topic(), 0, offset,
                ("k" + offset).getBytes(StandardCharsets.UTF_8), ("v" + offset).getBytes(StandardCharsets.UTF_8));
        record.headers().add("own", "kept".getBytes(StandardCharsets.UTF_8));
        new DlqRecord(reason, "why", source, 1, offset * 10, "c" + offset, Instant.parse("2026-11-21T10:00:00Z"))
                .writeTo(record.headers());
        return record;
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
