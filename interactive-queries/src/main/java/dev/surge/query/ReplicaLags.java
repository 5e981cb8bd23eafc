package dev.surge.query;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;

/**
 * How far behind its changelog each store partition on this instance is (active or standby),
 * asked of Kafka Streams at most once per {@link #REFRESH} (sooner for a partition not seen last
 * time, at most once per {@link #REFRESH_MISSING}): every ask is a call to the brokers.
 */
public final class ReplicaLags {

    static final Duration REFRESH = Duration.ofSeconds(1);
    /** A replica not among those last seen is looked for again this soon. */
    static final Duration REFRESH_MISSING = Duration.ofMillis(200);

    private final KafkaStreams streams;
    private Map<String, Map<Integer, LagInfo>> lags = Map.of();
    private long askedAt = Long.MIN_VALUE;

    public ReplicaLags(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The partition's lag in records, if this instance holds a replica of it. */
    public OptionalLong of(String store, int partition) {
        LagInfo lag = current(REFRESH).getOrDefault(store, Map.of()).get(partition);
        if (lag == null) {
            // Replicas come and go with each rebalance: one asked for may have arrived since.
            lag = current(REFRESH_MISSING).getOrDefault(store, Map.of()).get(partition);
        }
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag.offsetLag());
    }

    private synchronized Map<String, Map<Integer, LagInfo>> current(Duration maxAge) {
        long now = System.nanoTime();
        if (askedAt == Long.MIN_VALUE || now - askedAt >= maxAge.toNanos()) {
            askedAt = now;
            try {
                lags = streams.allLocalStorePartitionLags();
            } catch (RuntimeException e) {
                // Not running, or the brokers did not answer: no replica is known to be close enough.
                lags = Map.of();
            }
        }
        return lags;
    }
}
