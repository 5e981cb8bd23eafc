package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.surge.local.EmbeddedKafka;
import dev.surge.node.lag.ConsumerLag;
import dev.surge.node.lag.PartitionLag;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumer lag measured from outside the groups, on a real broker, against offsets the test commits. */
class ConsumerLagIT {

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static Admin admin;
    static ConsumerLag lag;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir);
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        admin = Admin.create(client);
        admin.createTopics(List.of(new NewTopic("plain", 1, (short) 1), new NewTopic("transactional", 1, (short) 1)))
                .all().get();
        lag = ConsumerLag.open(admin, client);
    }

    @AfterAll
    static void stop() {
        lag.close();
        admin.close();
        kafka.close();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void commit(String group, String topic, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
                .all().get();
    }

    @Test
    void aGroupBehindHasTheRecordsBetweenAndTheAgeOfTheFirstOneItHasNotRead() throws Exception {
        long aMinuteAgo = Instant.now().minusSeconds(60).toEpochMilli();
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                // The first unread record (offset 4) is a minute old; the newer ones do not count.
                long at = i == 4 ? aMinuteAgo : Instant.now().toEpochMilli();
                producer.send(new ProducerRecord<>("plain", 0, at, "k", "v" + i)).get();
            }
        }
        commit("behind", "plain", 4);
        commit("caught-up", "plain", 10);

        List<PartitionLag> rows = lag.measure(List.of("behind", "caught-up", "never-committed"));

        assertThat(rows).extracting(PartitionLag::group, PartitionLag::committed, PartitionLag::end, PartitionLag::lag)
                .containsExactly(
                        tuple("behind", 4L, 10L, 6L),
                        tuple("caught-up", 10L, 10L, 0L));
        assertThat(rows.get(0).timeLagSeconds()).isBetween(59.0, 600.0);
        assertThat(rows.get(1).timeLagSeconds()).isZero();
    }

    @Test
    void onlyATransactionMarkerLeftIsNoLagButRecordsInTransactionsAre() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-it"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("transactional", 0, "k", "v" + i));
            }
            producer.commitTransaction();
        }
        // Records at 0..2, the commit marker at 3: a consumer done with the records commits 3, not 4.
        commit("exactly-once-done", "transactional", 3);
        commit("exactly-once-behind", "transactional", 1);

        List<PartitionLag> rows = lag.measure(List.of("exactly-once-done", "exactly-once-behind"));

        assertThat(rows).extracting(PartitionLag::group, PartitionLag::end, PartitionLag::lag).containsExactly(
                tuple("exactly-once-behind", 4L, 3L),
                tuple("exactly-once-done", 4L, 0L));
        assertThat(rows.get(0).timeLagSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);
    }
}
