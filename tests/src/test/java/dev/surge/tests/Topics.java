package dev.surge.tests;

import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/** Reads what the topology committed to a topic, as any downstream consumer would. */
final class Topics {

    private Topics() {
    }

    /** The partition the Java client's default partitioner (murmur2 of the key) picks for {@code key}. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Every committed record of the topic, once at least {@code atLeast} have come and the topic went quiet. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic, int atLeast,
                                                              Duration timeout) {
        return readUntil(bootstrap, topic, records -> records.size() >= atLeast, timeout);
    }

    /** The audit topic's records, read as {@link AuditRecord}s, once at least {@code atLeast} came. */
    static List<AuditRecord> auditRecords(String bootstrap, int atLeast, Duration timeout) {
        return readCommitted(bootstrap, "audit", atLeast, timeout).stream().map(r -> {
            try {
                return Json.MAPPER.readValue(r.value(), AuditRecord.class);
            } catch (IOException e) {
                throw new AssertionError("not an AuditRecord: " + new String(r.value(), StandardCharsets.UTF_8), e);
            }
        }).toList();
    }

    /** Every committed record of the topic, once {@code enough} holds for them and the topic went quiet. */
    static List<ConsumerRecord<byte[], byte[]>> readUntil(String bootstrap, String topic,
                                                          Predicate<List<ConsumerRecord<byte[], byte[]>>> enough,
                                                          Duration timeout) {
        return read(bootstrap, topic, "read_committed", enough, timeout);
    }

    /**
     * Every record of the topic as a consumer with this isolation level sees it ({@code read_uncommitted}
     * shows what transactions wrote before they commit or abort), once {@code enough} holds and it went quiet.
     */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, String isolation,
                                                     Predicate<List<ConsumerRecord<byte[], byte[]>>> enough,
                                                     Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                int before = records.size();
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                if (records.size() == before && enough.test(records)) {
                    break;
                }
            }
        }
        return records;
    }
}
