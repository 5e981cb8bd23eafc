package dev.surge.tools.dlq;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer {@code surge dlq replay} writes with. */
final class ReplayProducer {

    private ReplayProducer() {
    }

    /**
     * The plain Java producer (murmur2 of the key picks the partition, acks=all, idempotent), made
     * transactional so that a batch of replays and the group's offsets past them commit together.
     * One transactional id for every replay: a second replay started meanwhile fences the first
     * instead of replaying the same records beside it.
     */
    public static KafkaProducer<byte[], byte[]> create(Map<String, Object> base, String groupId) {
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
