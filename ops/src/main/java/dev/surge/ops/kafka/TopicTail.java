package dev.surge.ops.demo;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A read_committed consumer on every partition of a topic, from its end when opened: what comes next. */
record TopicTail(KafkaConsumer<byte[], byte[]> consumer) implements AutoCloseable {

    static TopicTail atEnd(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now, before anything is sent, so nothing after this moment is missed.
        partitions.forEach(consumer::position);
        return new TopicTail(consumer);
    }

    /**
     * Counts the records that arrive matching {@code which}, until {@code expected} of them came and
     * a poll brings nothing more, or {@code timeout} passes.
     */
    long count(Predicate<ConsumerRecord<byte[], byte[]>> which, long expected, Duration timeout) {
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
