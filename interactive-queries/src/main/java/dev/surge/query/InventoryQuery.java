package dev.surge.query;

import dev.surge.schemas.InventoryLevel;
import dev.surge.topology.OrderStores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** An item's stock from the topology's inventory store. */
public final class InventoryQuery {

    private final KeyValueLookup<InventoryLevel> lookup;

    public InventoryQuery(KafkaStreams streams, HostInfo self) {
        this.lookup = new KeyValueLookup<>(streams, OrderStores.INVENTORY, self);
    }

    public QueryResult<InventoryLevel> find(String itemId) {
        return lookup.get(itemId);
    }
}
