package dev.surge.topology;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.schemas.InventoryLevel;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** The state stores of the order pipeline: names (interactive queries use them) and builders. */
public final class OrderStores {

    /** item_id → {@link InventoryLevel}. */
    public static final String INVENTORY = "inventory";
    /** "idem:&lt;key&gt;" and "order:&lt;order_id&gt;" → order_id, kept for the dedup window (see Deduplicator). */
    public static final String DEDUP = "order-dedup";
    /** "period|item_id|user_id" → units reserved in that PER_USER_LIMIT_PERIOD, for the per-user limit. */
    public static final String USER_UNITS = "user-units";
    /** The open orders: holds, their expiry index and the items' lines (see {@link Holds}). */
    public static final String HOLDS = "holds";
    /** order_id → OrderResult as order-results holds it (JSON bytes): the table over that topic. */
    public static final String ORDER_STATUS = "order-status";

    private OrderStores() {
    }

    /**
     * The inventory store's changelog topic, as Kafka Streams names it: every committed change of
     * every item, keyed by item_id, in the partition of the item's orders.
     */
    public static String inventoryChangelog(String applicationId) {
        return applicationId + "-" + INVENTORY + "-changelog";
    }

    /** Reads the inventory store's values, as its changelog holds them. */
    public static Deserializer<InventoryLevel> inventoryValues() {
        return new InventoryLevelSerde().deserializer();
    }

    /**
     * Cached: a sale's orders hit few items, and an item changed many times between two commits
     * is written to RocksDB and its changelog once per commit instead of once per order.
     */
    static StoreBuilder<KeyValueStore<String, InventoryLevel>> inventory() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INVENTORY),
                Serdes.String(), new InventoryLevelSerde()).withCachingEnabled();
    }

    /**
     * A window store rather than a key-value store so that dedup state expires by itself:
     * segments older than the window are dropped as stream time moves on.
     */
    static StoreBuilder<WindowStore<String, String>> dedup(OrderSettings settings) {
        Duration window = settings.dedupWindow();
        return Stores.windowStoreBuilder(
                CheckpointedWindowStore.persistent(DEDUP, window.multipliedBy(2), window, false),
                Serdes.String(), Serdes.String());
    }

    /** Cached like the inventory: an order reserved and confirmed between two commits costs no write at all. */
    static StoreBuilder<KeyValueStore<String, byte[]>> holds() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HOLDS), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, Long>> userUnits() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_UNITS), Serdes.String(), Serdes.Long());
    }
}
