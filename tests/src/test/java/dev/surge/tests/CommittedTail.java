package dev.surge.tests;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows a topic from its beginning as a read_committed consumer does, on a thread of its own,
 * handing each record to {@code onRecord} as it becomes visible (that is, once its transaction
 * committed): what a downstream consumer sees, while it happens. A failure of {@code onRecord}
 * stops the tail and is thrown by {@link #close()}.
 */
final class CommittedTail implements AutoCloseable {

    private final String topic;
    private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private volatile long records;

    CommittedTail(String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        this.topic = topic;
        this.onRecord = onRecord;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().daemon().name("tail-" + topic).start(this::run);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.isEmpty() && !stopped && System.nanoTime() < deadline) {
                // A Streams changelog exists only once its application has started.
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            if (partitions.isEmpty()) {
                throw new AssertionError("no topic " + topic);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    onRecord.accept(record);
                    records++;
                }
                Map<TopicPartition, Long> at = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    at.put(partition, consumer.position(partition));
                }
                positions = at;
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** How many records were handed on so far. */
    long records() {
        return records;
    }

    /**
     * Until the tail has read every record committed when this was called: the read_committed end
     * (the last stable offset) of each partition, asked of the broker by a consumer of its own.
     */
    void awaitCaughtUp(String bootstrap, Duration timeout) throws InterruptedException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<byte[], byte[]> probe =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = probe.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            ends = probe.endOffsets(partitions);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failure != null) {
                throw new AssertionError("the tail of " + topic + " failed", failure);
            }
            Map<TopicPartition, Long> at = positions;
            if (ends.entrySet().stream().allMatch(e -> at.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the tail of " + topic + " is at " + positions + ", not yet at " + ends);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(Duration.ofSeconds(30).toMillis());
        if (failure != null) {
            throw new AssertionError("the tail of " + topic + " failed", failure);
        }
    }
}
