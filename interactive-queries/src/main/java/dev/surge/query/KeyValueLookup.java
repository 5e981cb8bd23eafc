package dev.surge.query;

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
 */
public final class KeyValueLookup<V> {

    private final KafkaStreams streams;
    private final String storeName;
    private final HostInfo self;

    public KeyValueLookup(KafkaStreams streams, String storeName, HostInfo self) {
        this.streams = streams;
        this.storeName = storeName;
        this.self = self;
    }

    public QueryResult<V> get(String key) {
        KeyQueryMetadata meta;
        try {
            meta = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // StreamsNotStartedException is an InvalidStateStoreException: HTTP may serve before Streams starts.
            return new QueryResult.Unavailable<>("streams is not running yet");
        }
        if (!Owners.known(meta)) {
            return new QueryResult.Unavailable<>("no owner for the key yet (rebalancing)");
        }
        if (!self.equals(meta.activeHost())) {
            return new QueryResult.Remote<>(meta.activeHost());
        }
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(StoreQueryParameters
                    .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(meta.partition()));
            V value = store.get(key);
            return value == null ? new QueryResult.NotFound<>() : new QueryResult.Found<>(value);
        } catch (InvalidStateStoreException e) {
            return new QueryResult.Unavailable<>("store " + storeName + " is not ready: " + e.getMessage());
        }
    }
}
