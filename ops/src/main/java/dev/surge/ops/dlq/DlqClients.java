package dev.surge.ops.dlq;

import dev.surge.config.SurgeConfig;
import dev.surge.ops.kafka.CommandClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients of the dlq command: KAFKA_* overrides and the bootstrap, then what the DLQ needs. */
final class DlqClients {

    private DlqClients() {
    }

    /** Overrides plus the bootstrap; the command has no embedded broker to fall back on. */
    static Map<String, Object> base(SurgeConfig config) {
        return CommandClients.base(config, "dlq list", "reads the DLQ topics of");
    }

    /**
     * A consumer in the DLQ group that is never subscribed: it assigns partitions itself and reads
     * and commits the group's offsets, so it never rebalances anyone. read_committed: the
     * topology writes the DLQ in its transactions, and an aborted DLQ record never happened.
     */
    static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> base, String groupId) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-reader");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The plain Java producer (murmur2 of the key picks the partition, acks=all, idempotent), made
     * transactional so that a batch of replays and the group's offsets past them commit together.
     * One transactional id for every replay: a second replay started meanwhile fences the first
     * instead of replaying the same records beside it.
     */
    static KafkaProducer<byte[], byte[]> replayProducer(Map<String, Object> base, String groupId) {
        Map<String, Object> props = new HashMap<>(base);
        props.remove(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-replay");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-replay");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
