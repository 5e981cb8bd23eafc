package dev.surge.schemas;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic Surge uses, with its serdes. Names share a configurable prefix.
 *
 * <p>The value serdes of {@code orders} and {@code inventory-commands} are what Surge writes;
 * the topology reads those topics as raw bytes and validates them, since any producer may write there.
 */
public record Topics(
        Topic<String, OrderRequest> orders,
        Topic<String, InventoryCommand> inventoryCommands,
        Topic<String, OrderResult> orderResults,
        Topic<byte[], byte[]> ordersDlq) {

    public static Topics withPrefix(String prefix) {
        return new Topics(
                new Topic<>(prefix + "orders", Serdes.String(), new JsonSerde<>(OrderRequest.class)),
                new Topic<>(prefix + "inventory-commands", Serdes.String(), new JsonSerde<>(InventoryCommand.class)),
                new Topic<>(prefix + "order-results", Serdes.String(), new JsonSerde<>(OrderResult.class)),
                new Topic<>(prefix + "orders-dlq", Serdes.ByteArray(), Serdes.ByteArray()));
    }

    /** Topics whose records are kept by key (latest value per key wins). */
    public List<String> compacted() {
        return List.of(orderResults.name());
    }

    /**
     * Input topics whose record time the broker sets on append. The topology dedups by record
     * time: a producer's stale or future clock must not move a key out of the dedup window.
     */
    public List<String> brokerTimestamped() {
        return List.of(orders.name(), inventoryCommands.name());
    }

    public List<String> all() {
        return List.of(orders.name(), inventoryCommands.name(), orderResults.name(), ordersDlq.name());
    }
}
