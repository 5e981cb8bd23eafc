package dev.surge.node.metrics;

import dev.surge.config.MonitoringSettings;
import dev.surge.schemas.InventoryLevel;
import dev.surge.topology.OrderStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code processor_inventory_level{item_id}}: units available, for a bounded set of items so a
 * catalogue of a million items does not become a million series. The set is INVENTORY_METRIC_ITEMS
 * when given, else the INVENTORY_METRIC_TOP items with the most units reserved: the ones a sale is
 * selling. Each instance exports the items of its own active tasks, so instances never overlap.
 */
public final class InventoryLevelGauges {

    private static final Comparator<InventoryLevel> BY_RESERVED = Comparator.comparingLong(InventoryLevel::reserved)
            .thenComparing(InventoryLevel::itemId);

    private final KafkaStreams streams;
    private final MonitoringSettings settings;
    private final MultiGauge levels;
    private final MultiGauge held;
    private final MultiGauge sold;
    private final MultiGauge waiting;

    public InventoryLevelGauges(MeterRegistry registry, KafkaStreams streams, MonitoringSettings settings) {
        this.streams = streams;
        this.settings = settings;
        this.levels = MultiGauge.builder("processor.inventory.level")
                .description("units available, for the configured or the most-reserved items of this instance")
                .register(registry);
        this.held = MultiGauge.builder("processor.inventory.reserved")
                .description("units held by open reservations, for the same items").register(registry);
        this.sold = MultiGauge.builder("processor.inventory.confirmed")
                .description("units sold for good (confirmed reservations), for the same items").register(registry);
        this.waiting = MultiGauge.builder("processor.waitlist.length")
                .description("orders waiting in line for released units, for the same items").register(registry);
    }

    /** Reads the local inventory store; throws while the store is not queryable (a rebalance). */
    public void measure() {
        ReadOnlyKeyValueStore<String, InventoryLevel> store = streams.store(StoreQueryParameters.fromNameAndType(
                OrderStores.INVENTORY, QueryableStoreTypes.<String, InventoryLevel>keyValueStore()));
        List<InventoryLevel> chosen = settings.inventoryItems().isEmpty() ? hottest(store) : configured(store);
        // overwrite: an item that left the set (or this instance) stops being exported.
        levels.register(rows(chosen, InventoryLevel::available), true);
        held.register(rows(chosen, InventoryLevel::reserved), true);
        sold.register(rows(chosen, InventoryLevel::confirmed), true);
        waiting.register(rows(chosen, InventoryLevel::waitlisted), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<InventoryLevel> chosen, ToLongFunction<InventoryLevel> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(chosen.size());
        for (InventoryLevel level : chosen) {
            rows.add(MultiGauge.Row.of(Tags.of("item_id", level.itemId()), value.applyAsLong(level)));
        }
        return rows;
    }

    private List<InventoryLevel> configured(ReadOnlyKeyValueStore<String, InventoryLevel> store) {
        List<InventoryLevel> found = new ArrayList<>();
        for (String item : settings.inventoryItems()) {
            InventoryLevel level = store.get(item); // null when another instance owns the item
            if (level != null) {
                found.add(level);
            }
        }
        return found;
    }

    private List<InventoryLevel> hottest(ReadOnlyKeyValueStore<String, InventoryLevel> store) {
        try (KeyValueIterator<String, InventoryLevel> all = store.all()) {
            return mostReserved(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public InventoryLevel next() {
                    return all.next().value;
                }
            }, settings.inventoryTopItems());
        }
    }

    /** The {@code limit} levels with the most units reserved, most reserved first; ties by item id. */
    static List<InventoryLevel> mostReserved(Iterator<InventoryLevel> levels, int limit) {
        PriorityQueue<InventoryLevel> top = new PriorityQueue<>(BY_RESERVED);
        while (limit > 0 && levels.hasNext()) {
            top.add(levels.next());
            if (top.size() > limit) {
                top.poll();
            }
        }
        List<InventoryLevel> chosen = new ArrayList<>(top);
        chosen.sort(BY_RESERVED.reversed());
        return chosen;
    }
}
