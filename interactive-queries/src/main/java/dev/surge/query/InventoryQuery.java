package dev.surge.query;

import dev.surge.schemas.InventoryLevel;
import dev.surge.topology.OrderStores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** An item's stock from the topology's inventory store, and pages of the items this instance holds. */
public final class InventoryQuery {

    private final KafkaStreams streams;
    private final KeyValueLookup<InventoryLevel> lookup;

    public InventoryQuery(KafkaStreams streams, HostInfo self, ReplicaLags lags) {
        this.streams = streams;
        this.lookup = new KeyValueLookup<>(streams, OrderStores.INVENTORY, self, lags);
    }

    public QueryResult<InventoryLevel> find(String itemId, StaleReads stale) {
        return lookup.get(itemId, stale);
    }

    /**
     * The first {@code limit} items in id order that start with {@code prefix} and come after
     * {@code after} (none: from the first), from this instance's active partitions only.
     */
    public QueryResult<List<InventoryLevel>> page(String prefix, String after, int limit) {
        // The partitions are read one after another, each in key order: keep the smallest ids seen,
        // never more than a page of them.
        PriorityQueue<InventoryLevel> smallest = new PriorityQueue<>(
                Comparator.comparing(InventoryLevel::itemId).reversed());
        String from = after == null || after.compareTo(prefix) < 0 ? prefix : after;
        try {
            ReadOnlyKeyValueStore<String, InventoryLevel> store = streams.store(StoreQueryParameters
                    .fromNameAndType(OrderStores.INVENTORY, QueryableStoreTypes.<String, InventoryLevel>keyValueStore()));
            // Item ids are ASCII (the schemas' pattern): prefix + U+FFFF bounds every id with the prefix.
            try (KeyValueIterator<String, InventoryLevel> items = store.range(from, prefix + Character.MAX_VALUE)) {
                while (items.hasNext()) {
                    KeyValue<String, InventoryLevel> item = items.next();
                    if (item.key.equals(after) || !item.key.startsWith(prefix)) {
                        continue;
                    }
                    smallest.add(item.value);
                    if (smallest.size() > limit) {
                        smallest.poll();
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!StoreFailures.notReady(e)) {
                throw e;
            }
            return new QueryResult.Unavailable<>("store " + OrderStores.INVENTORY + " is not ready: "
                    + StoreFailures.reason(e));
        }
        List<InventoryLevel> page = new ArrayList<>(smallest);
        page.sort(Comparator.comparing(InventoryLevel::itemId));
        return new QueryResult.Found<>(page);
    }
}
