package dev.surge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaClusterTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void writesGoOnWithOneBrokerDownAndStopBelowMinInSyncUntilItComesBack() throws Exception {
        // A shorter broker session than Kafka's 9 s: a killed broker is fenced sooner, the test is quicker.
        Map<String, String> quickFencing = Map.of("broker.session.timeout.ms", "4000", "broker.heartbeat.interval.ms", "500");
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir, 1, 3, quickFencing);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            assertThat(cluster.brokerIds()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            admin.createTopics(List.of(new NewTopic("t", Optional.of(3), Optional.empty()))).all().get();
            awaitIsr(admin, 3);
            assertThat(describe(admin).partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(topicConfig(admin, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)).isEqualTo("2");

            try (KafkaProducer<String, String> producer = producer(cluster)) {
                send(producer, "before");

                cluster.kill(1);
                assertThat(cluster.runningBrokers()).containsExactly(2, 3);
                awaitIsr(admin, 2);
                send(producer, "one down");

                cluster.kill(2);
                awaitIsr(admin, 1);
                // NOT_ENOUGH_REPLICAS is retried until the delivery timeout, which ends the send.
                assertThatThrownBy(() -> send(producer, "two down")).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

                cluster.restart(1);
                cluster.restart(2);
                assertThat(cluster.runningBrokers()).containsExactly(1, 2, 3);
                awaitIsr(admin, 3);
                send(producer, "back");
            }
        }
    }

    @Test
    void everyNodeSettingIsOneKafkaKnows() {
        Set<String> known = KafkaConfig.configDef().names();
        assertThat(KraftNodes.nodeProps(1, dir, 9092, 0, "101@127.0.0.1:9093").keySet()).isSubsetOf(known);
        assertThat(KraftNodes.nodeProps(101, dir, 0, 9093, "101@127.0.0.1:9093").keySet()).isSubsetOf(known);
        assertThat(KraftNodes.replication(3, 2).keySet()).isSubsetOf(known);
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaCluster cluster) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** One record to every partition, each acknowledged by all in-sync replicas. */
    private static void send(KafkaProducer<String, String> producer, String value) throws Exception {
        for (int partition = 0; partition < 3; partition++) {
            producer.send(new ProducerRecord<>("t", partition, "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until every partition has {@code size} replicas in sync (and a leader among them). */
    private static void awaitIsr(Admin admin, int size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<TopicPartitionInfo> partitions = List.of();
        while (System.nanoTime() < deadline) {
            try {
                partitions = describe(admin).partitions();
                if (partitions.stream().allMatch(p -> p.isr().size() == size && p.leader() != null
                        && p.isr().stream().map(Node::id).toList().contains(p.leader().id()))) {
                    return;
                }
            } catch (ExecutionException e) {
                // the broker asked was the one just stopped; the next try asks another
            }
            Thread.sleep(200);
        }
        throw new AssertionError("ISR never " + size + ": " + partitions);
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of("t")).allTopicNames().get(10, TimeUnit.SECONDS).get("t");
    }

    private static String topicConfig(Admin admin, String name) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "t");
        Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
        return config.get(name).value();
    }
}
