package dev.surge.query;

import dev.surge.topology.events.MetricValue;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Where the metric window stores are: the seam between {@link MetricsQuery} and Kafka Streams,
 * so that the query logic can be tested on plain window stores. Every method throws
 * {@link InvalidStateStoreException} while the stores cannot answer (not started, rebalancing, restoring).
 */
interface MetricStores {

    /** The partition of a metric key and its active instance; {@link KeyQueryMetadata#NOT_AVAILABLE} while unknown. */
    KeyQueryMetadata ownerOf(String storeName, String key);

    /** The store of one partition this instance is active for. */
    ReadOnlyWindowStore<String, MetricValue> partition(String storeName, int partition);

    /** Every partition this instance is active for, read as one store. */
    ReadOnlyWindowStore<String, MetricValue> localPartitions(String storeName);
}
