package dev.surge.node.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer on every partition of a topic, in no group: what the demo and the bench
 * watch a topic with, as the queryable tables read it.
 */
public record TopicTail(KafkaConsumer<byte[], byte[]> consumer) implements AutoCloseable {

    /** From the topic's end when opened: what comes next. */
    public static TopicTail atEnd(String bootstrapServers, String topic) {
        TopicTail tail = open(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
        List<TopicPartition> partitions = List.copyOf(tail.consumer.assignment());
        tail.consumer.seekToEnd(partitions);
        // Resolve the end offsets now, before anything is sent, so nothing after this moment is missed.
        partitions.forEach(tail.consumer::position);
        return tail;
    }

    /** From the topic's start; {@code clientConfig} holds bootstrap.servers and any consumer settings. */
    public static TopicTail atStart(Map<String, Object> clientConfig, String topic) {
        TopicTail tail = open(clientConfig, topic);
        tail.consumer.seekToBeginning(tail.consumer.assignment());
        return tail;
    }

    private static TopicTail open(Map<String, Object> clientConfig, String topic) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        return new TopicTail(consumer);
    }

    /**
     * Counts the records that arrive matching {@code which}, until {@code expected} of them came and
     * a poll brings nothing more, or {@code timeout} passes.
     */
    public long count(Predicate<ConsumerRecord<byte[], byte[]>> which, long expected, Duration timeout) {
        long count = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int got = 0;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                got++;
                if (which.test(record)) {
                    count++;
                }
            }
            if (count >= expected && got == 0) {
                break;
            }
        }
        return count;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
