package dev.surge.node.dlq;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The consumer that reads the DLQ topics for the backlog gauges and the dlq command alike. */
public final class DlqClients {

    private DlqClients() {
    }

    /**
     * A consumer in the DLQ group that is never subscribed: it assigns partitions itself and reads
     * and commits the group's offsets, so it never rebalances anyone. read_committed: the
     * topology writes the DLQ in its transactions, and an aborted DLQ record never happened.
     */
    public static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> base, String groupId) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-reader");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
