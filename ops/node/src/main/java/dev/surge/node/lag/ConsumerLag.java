package dev.surge.node.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer lag of any groups, from outside them: committed offsets and log ends through the Admin
 * client, and the age of the first unconsumed record through a group-less consumer that reads one
 * record per lagging partition. Nothing joins the groups, so measuring never causes a rebalance.
 */
public final class ConsumerLag implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Long enough to fetch one record per lagging partition from a healthy broker. */
    private static final Duration PROBE_TIME = Duration.ofSeconds(2);

    private final Admin admin;
    private final Consumer<byte[], byte[]> probe;

    ConsumerLag(Admin admin, Consumer<byte[], byte[]> probe) {
        this.admin = admin;
        this.probe = probe;
    }

    /**
     * @param admin        shared, not closed here
     * @param clientConfig every Kafka client's settings (bootstrap servers, KAFKA_* overrides)
     */
    public static ConsumerLag open(Admin admin, Map<String, Object> clientConfig) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "surge-lag-probe");
        return new ConsumerLag(admin, new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** The lag of every partition each group has committed to; a group with no offsets has no rows. */
    public synchronized List<PartitionLag> measure(Collection<String> groups) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                await(admin.listConsumerGroupOffsets(specs).all());

        Set<TopicPartition> partitions = new HashSet<>();
        committed.values().forEach(offsets -> partitions.addAll(offsets.keySet()));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        // The last stable offset: what a read_committed consumer can reach, open transactions excluded.
        var ends = await(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());

        // Each distinct committed offset of a lagging partition is probed: groups may be at different places.
        Map<TopicPartition, TreeSet<Long>> wanted = new HashMap<>();
        committed.forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
            if (offset != null && ends.containsKey(tp) && ends.get(tp).offset() > offset.offset()) {
                wanted.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset.offset());
            }
        }));
        Map<TopicPartition, Map<Long, Probe>> probes = new HashMap<>();
        while (!wanted.isEmpty()) {
            Map<TopicPartition, Long> round = new HashMap<>();
            wanted.forEach((tp, offsets) -> round.put(tp, offsets.pollFirst()));
            wanted.values().removeIf(Set::isEmpty);
            probe(round, ends).forEach((tp, found) -> probes.computeIfAbsent(tp, k -> new HashMap<>())
                    .put(round.get(tp), found));
        }

        Instant now = Instant.now();
        List<PartitionLag> rows = new ArrayList<>();
        committed.forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
            if (offset == null || !ends.containsKey(tp)) {
                return;
            }
            long end = ends.get(tp).offset();
            long lag = Math.max(0, end - offset.offset());
            Double seconds = 0.0;
            if (lag > 0) {
                Probe found = probes.getOrDefault(tp, Map.of()).get(offset.offset());
                if (found == null) {
                    seconds = null;
                } else if (found.onlyMarkers()) {
                    lag = 0;
                } else {
                    seconds = found.age(now);
                }
            }
            rows.add(new PartitionLag(group, tp.topic(), tp.partition(), offset.offset(), end, lag, seconds));
        }));
        rows.sort(Comparator.comparing(PartitionLag::group).thenComparing(PartitionLag::topic)
                .thenComparingInt(PartitionLag::partition));
        return rows;
    }

    /**
     * What lies at a committed offset: the first record (its timestamp), or nothing but
     * transaction markers up to the end ({@code firstTimestamp} < 0).
     */
    private record Probe(long firstTimestamp) {

        boolean onlyMarkers() {
            return firstTimestamp < 0;
        }

        Double age(Instant now) {
            return Math.max(0, now.toEpochMilli() - firstTimestamp) / 1000.0;
        }
    }

    /** Reads from each partition's offset until its first record or its end; partitions left undecided at the deadline are absent. */
    private Map<TopicPartition, Probe> probe(Map<TopicPartition, Long> from,
                                             Map<TopicPartition, ListOffsetsResultInfo> ends) {
        Map<TopicPartition, Probe> found = new HashMap<>();
        probe.assign(from.keySet());
        from.forEach(probe::seek);
        Set<TopicPartition> open = new HashSet<>(from.keySet());
        long deadline = System.nanoTime() + PROBE_TIME.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (open.remove(tp)) {
                    found.put(tp, new Probe(Math.max(0, record.timestamp())));
                    probe.pause(List.of(tp));
                }
            }
            for (TopicPartition tp : List.copyOf(open)) {
                if (probe.position(tp) >= ends.get(tp).offset()) {
                    open.remove(tp);
                    found.put(tp, new Probe(-1));
                }
            }
        }
        probe.unsubscribe();
        return found;
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring consumer lag", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("consumer lag could not be measured: " + cause, cause);
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
