package dev.surge.query;

import dev.surge.topology.events.MetricValue;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The metric stores of a running {@link KafkaStreams}: active partitions only, never a standby's stale copy. */
final class StreamsMetricStores implements MetricStores {

    private final KafkaStreams streams;

    StreamsMetricStores(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public KeyQueryMetadata ownerOf(String storeName, String key) {
        KeyQueryMetadata meta = running(() ->
                streams.queryMetadataForKey(storeName, key, Serdes.String().serializer()));
        return meta == null ? KeyQueryMetadata.NOT_AVAILABLE : meta;
    }

    @Override
    public ReadOnlyWindowStore<String, MetricValue> partition(String storeName, int partition) {
        return running(() -> streams.store(parameters(storeName).withPartition(partition)));
    }

    @Override
    public ReadOnlyWindowStore<String, MetricValue> localPartitions(String storeName) {
        return running(() -> streams.store(parameters(storeName)));
    }

    /**
     * Streams throws IllegalStateException once it is past RUNNING (stopping, failed): that instance
     * can answer no better than one not started yet, which is an InvalidStateStoreException.
     */
    private static <T> T running(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            throw new InvalidStateStoreException("streams is not running: " + e.getMessage());
        }
    }

    private static StoreQueryParameters<ReadOnlyWindowStore<String, MetricValue>> parameters(String storeName) {
        return StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, MetricValue>windowStore());
    }
}
