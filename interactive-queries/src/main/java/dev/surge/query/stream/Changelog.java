package dev.surge.query.stream;

import dev.surge.schemas.InventoryLevel;
import dev.surge.topology.OrderStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The inventory store's changelog topic, read as a plain Kafka topic: every committed change of
 * every item, whichever instance owns it. Only committed records are read (read_committed), so a
 * change is seen once the transaction that made it is, and never one that was rolled back.
 */
public final class Changelog {

    private final String topic;
    private final int partitions;
    private final Admin admin;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final Deserializer<InventoryLevel> values = OrderStores.inventoryValues();

    /**
     * @param applicationId the Kafka Streams application whose store this is
     * @param partitions    the partition count of the topology's input topics, which its changelog shares
     * @param clientConfig  bootstrap servers and the KAFKA_* client settings
     * @param timeout       the longest one call to the broker may take
     */
    public Changelog(String applicationId, int partitions, Admin admin, Map<String, Object> clientConfig,
                     Duration timeout) {
        this.topic = OrderStores.inventoryChangelog(applicationId);
        this.partitions = partitions;
        this.admin = admin;
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
    }

    String topic() {
        return topic;
    }

    int partitions() {
        return partitions;
    }

    /** The partition an item's changes are in: the one its orders are in (murmur2 of the key, as Kafka's producer). */
    int partitionOf(String itemId) {
        return Utils.toPositive(Utils.murmur2(itemId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    Set<Integer> partitionsOf(Iterable<String> itemIds) {
        Set<Integer> of = new TreeSet<>();
        itemIds.forEach(item -> of.add(partitionOf(item)));
        return of;
    }

    /** For each partition, the offset after its last committed record (the last stable offset). */
    Map<Integer, Long> ends(Set<Integer> partitionIds) throws ExecutionException, TimeoutException, InterruptedException {
        return offsets(partitionIds, OffsetSpec.latest());
    }

    /** For each partition, its first offset still in the log. */
    Map<Integer, Long> starts(Set<Integer> partitionIds)
            throws ExecutionException, TimeoutException, InterruptedException {
        return offsets(partitionIds, OffsetSpec.earliest());
    }

    private Map<Integer, Long> offsets(Set<Integer> partitionIds, OffsetSpec spec)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> asked = partitionIds.stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> answered = admin.listOffsets(asked,
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> offsets = new HashMap<>();
        answered.forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
        return offsets;
    }

    /** A consumer of committed records outside any group: it is told where to read, and commits nothing. */
    KafkaConsumer<String, byte[]> consumer(String purpose) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "surge-sse-" + purpose);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    List<TopicPartition> topicPartitions(Set<Integer> partitionIds) {
        return partitionIds.stream().map(p -> new TopicPartition(topic, p)).toList();
    }

    List<TopicPartition> allPartitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }

    Change change(ConsumerRecord<String, byte[]> record) {
        return new Change(record.key(), record.partition(), record.offset(), values.deserialize(topic, record.value()));
    }

    /**
     * Reads the changes of {@code items} from {@code from} up to (not including) {@code to}, for
     * each partition of {@code to}, and hands them to {@code emit} in log order per partition.
     *
     * @return false when the reading took longer than {@code within}
     */
    boolean replay(Positions from, Map<Integer, Long> to, Set<String> items, Consumer<Change> emit,
                   Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer("replay")) {
            List<TopicPartition> assigned = topicPartitions(to.keySet());
            consumer.assign(assigned);
            Map<TopicPartition, Long> targets = new HashMap<>();
            for (TopicPartition tp : assigned) {
                consumer.seek(tp, from.next().get(tp.partition()));
                targets.put(tp, to.get(tp.partition()));
            }
            Function<TopicPartition, Boolean> done = tp -> consumer.position(tp) >= targets.get(tp);
            while (!assigned.stream().allMatch(done::apply)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < targets.get(new TopicPartition(topic, record.partition()))
                            && items.contains(record.key())) {
                        emit.accept(change(record));
                    }
                }
            }
            return true;
        }
    }
}
