package dev.surge.query;

import java.util.OptionalLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds a String key in one of the topology's key-value stores: on this instance when it owns
 * the key's partition, otherwise names the owner (taken from its {@code application.server}).
 * When the caller allows stale reads, a replica here within the allowed lag answers instead of a
 * busy or distant owner.
 */
public final class KeyValueLookup<V> {

    private final KafkaStreams streams;
    private final String storeName;
    private final HostInfo self;
    private final ReplicaLags lags;

    public KeyValueLookup(KafkaStreams streams, String storeName, HostInfo self, ReplicaLags lags) {
        this.streams = streams;
        this.storeName = storeName;
        this.self = self;
        this.lags = lags;
    }

    public QueryResult<V> get(String key) {
        return get(key, StaleReads.NONE);
    }

    public QueryResult<V> get(String key, StaleReads stale) {
        KeyQueryMetadata meta;
        try {
            meta = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        } catch (RuntimeException e) {
            // StreamsNotStartedException is an InvalidStateStoreException: HTTP may serve before Streams starts.
            if (StoreFailures.notReady(e)) {
                return new QueryResult.Unavailable<>("streams is not running: " + StoreFailures.reason(e));
            }
            throw e;
        }
        if (!Owners.known(meta)) {
            return new QueryResult.Unavailable<>("no owner for the key yet (rebalancing)");
        }
        String unready = null;
        if (self.equals(meta.activeHost())) {
            try {
                return found(read(key, meta.partition(), false));
            } catch (InvalidStateStoreException e) {
                unready = "store " + storeName + " is not ready: " + e.getMessage();
            }
            // Streams refuses every store of a thread until all its new tasks are restored; ours may be
            // running or restored already, as current as a running thread's answer.
            if (lags.of(storeName, meta.partition()).orElse(-1) == 0) {
                try {
                    return found(read(key, meta.partition(), true));
                } catch (InvalidStateStoreException e) {
                    // Moved since its lag was taken: not ready after all.
                }
            }
        }
        // A standby here, or this owner still restoring: the caller may take its possibly older answer.
        if (stale.allowed()) {
            OptionalLong lag = lags.of(storeName, meta.partition());
            if (lag.isPresent() && stale.accepts(lag.getAsLong())) {
                try {
                    return new QueryResult.Stale<>(read(key, meta.partition(), true), lag.getAsLong());
                } catch (InvalidStateStoreException e) {
                    // The replica moved since its lag was taken: answer as without one.
                }
            }
        }
        return unready != null ? new QueryResult.Unavailable<>(unready)
                : new QueryResult.Remote<>(meta.activeHost(), meta.standbyHosts());
    }

    private QueryResult<V> found(V value) {
        return value == null ? new QueryResult.NotFound<>() : new QueryResult.Found<>(value);
    }

    /** The key's value in the partition's store here; any failure that means "not ready" as an InvalidStateStoreException. */
    private V read(String key, int partition, boolean anyReplica) {
        try {
            return store(partition, anyReplica).get(key);
        } catch (RuntimeException e) {
            if (e instanceof InvalidStateStoreException || !StoreFailures.notReady(e)) {
                throw e;
            }
            throw new InvalidStateStoreException(StoreFailures.reason(e), e);
        }
    }

    private ReadOnlyKeyValueStore<String, V> store(int partition, boolean anyReplica) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> query = StoreQueryParameters
                .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition);
        return streams.store(anyReplica ? query.enableStaleStores() : query);
    }
}
