package dev.surge.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.node.health.HealthCheck.Health;
import dev.surge.node.health.HealthCheck.Status;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class KafkaHealthTest {

    private static final Node B1 = new Node(1, "127.0.0.1", 9001);
    private static final Node B2 = new Node(2, "127.0.0.1", 9002);
    private static final Node B3 = new Node(3, "127.0.0.1", 9003);
    private static final List<Node> ALL = List.of(B1, B2, B3);

    @Test
    void everyReplicaInSyncIsUp() {
        Health health = KafkaHealth.assess(3, List.of(topic("orders", partition(0, B1, ALL), partition(1, B2, ALL))),
                Map.of("orders", 2));

        assertThat(health).isEqualTo(Health.up("3 broker(s); all 2 partition(s) fully in sync"));
    }

    @Test
    void aLostFollowerLeavesWritesAcceptedButSaysSo() {
        Health health = KafkaHealth.assess(2, List.of(topic("orders",
                partition(0, B2, List.of(B2, B3)), partition(1, B3, List.of(B2, B3)), partition(2, B2, ALL))),
                Map.of("orders", 2));

        assertThat(health.status()).isEqualTo(Status.DEGRADED);
        assertThat(health.detail()).isEqualTo("2 broker(s); of 3 partition(s): 2 under-replicated (writes accepted)");
    }

    @Test
    void fewerInSyncThanTheTopicsMinimumRefusesWrites() {
        Health health = KafkaHealth.assess(1, List.of(
                topic("orders", partition(0, B3, List.of(B3)), partition(1, B3, List.of(B3))),
                topic("events", partition(0, B3, List.of(B3)))),
                Map.of("orders", 2, "events", 1));

        assertThat(health.status()).isEqualTo(Status.DEGRADED);
        assertThat(health.detail()).isEqualTo("1 broker(s); of 3 partition(s): 2 below min.insync.replicas (writes refused);"
                + " 1 under-replicated (writes accepted)");
    }

    @Test
    void aPartitionWithoutLeaderIsOffline() {
        Health health = KafkaHealth.assess(1, List.of(topic("orders", partition(0, null, List.of()))), Map.of());

        assertThat(health.detail()).isEqualTo("1 broker(s); of 1 partition(s): 1 without a leader (offline)");
    }

    private static TopicDescription topic(String name, TopicPartitionInfo... partitions) {
        return new TopicDescription(name, false, List.of(partitions));
    }

    private static TopicPartitionInfo partition(int id, Node leader, List<Node> isr) {
        return new TopicPartitionInfo(id, leader, ALL, isr);
    }
}
