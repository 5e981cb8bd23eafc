package dev.surge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.node.kafka.TopicSetup;
import dev.surge.schemas.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final Topics TOPICS = Topics.withPrefix("test-");

    @TempDir
    Path dataDir;

    @Test
    @Timeout(120)
    void transactionalRecordsSurviveARestart() throws Exception {
        String orders = TOPICS.orders().name();
        String clusterId;
        int port;

        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            clusterId = kafka.clusterId();
            port = kafka.port();

            try (Admin admin = admin(kafka)) {
                TopicSetup.ensureTopics(admin, TopicSetup.newTopics(TOPICS, 3, (short) 1));
                TopicSetup.ensureTopics(admin, TopicSetup.newTopics(TOPICS, 3, (short) 1)); // idempotent

                Map<String, TopicDescription> described = admin.describeTopics(TOPICS.all()).allTopicNames().get();
                assertThat(described).containsOnlyKeys(TOPICS.all());
                assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
                assertThat(cleanupPolicy(admin, TOPICS.orderResults().name())).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
                assertThat(cleanupPolicy(admin, orders)).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
            }

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(orders, "item-1", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(orders, "item-1", "committed"));
                producer.commitTransaction();
            }

            assertThat(readCommitted(kafka, orders, "group-1", 1)).containsExactly("committed");
        }

        // Same port and directory, as a restarted `surge run` would use.
        try (EmbeddedKafka kafka = EmbeddedKafka.start(port, dataDir)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).containsAll(TOPICS.all());
            }
            assertThat(readCommitted(kafka, orders, "group-2", 1)).containsExactly("committed");
        }
    }

    @Test
    void busyPortIsReportedByNumber() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafka.start(port, dataDir.resolve("busy")))
                    .isInstanceOf(EmbeddedKafka.PortInUseException.class)
                    .hasMessageContaining(String.valueOf(port));
            assertThat(dataDir.resolve("busy")).doesNotExist();
        }
    }

    @Test
    void everyBrokerSettingIsOneKafkaKnows() {
        Set<String> known = KafkaConfig.configDef().names();
        assertThat(EmbeddedKafka.brokerProps(dataDir, 9092, 9093).keySet()).isSubsetOf(known);
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-test");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Values read from the start of {@code topic} through a consumer group, as Streams would. */
    private static List<String> readCommitted(EmbeddedKafka kafka, String topic, String group, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // A little longer, so an aborted record that slipped through would show up.
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                values.add(record.value());
            }
        }
        return values;
    }
}
