package dev.surge.schemas;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic Surge uses, with its serdes. Names share a configurable prefix.
 *
 * <p>The value serdes of {@code orders}, {@code inventory-commands}, {@code order-commands} and {@code events} are what
 * Surge writes; the topology reads those topics as raw bytes and validates them, since any
 * producer may write there.
 */
public record Topics(
        Topic<String, OrderRequest> orders,
        Topic<String, InventoryCommand> inventoryCommands,
        Topic<String, OrderCommand> orderCommands,
        Topic<String, OrderResult> orderResults,
        Topic<byte[], byte[]> ordersDlq,
        Topic<String, AnalyticsEvent> events,
        Topic<String, DailyMetric> metricsDaily,
        Topic<String, HourlyMetric> metricsHourly,
        Topic<byte[], byte[]> eventsDlq,
        Topic<String, AuditRecord> audit) {

    public static Topics withPrefix(String prefix) {
        return new Topics(
                new Topic<>(prefix + "orders", Serdes.String(), new JsonSerde<>(OrderRequest.class)),
                new Topic<>(prefix + "inventory-commands", Serdes.String(), new JsonSerde<>(InventoryCommand.class)),
                new Topic<>(prefix + "order-commands", Serdes.String(), new JsonSerde<>(OrderCommand.class)),
                new Topic<>(prefix + "order-results", Serdes.String(),
                        new JsonSerde<>(OrderResult.class, OrderResultWriter::toBytes)),
                new Topic<>(prefix + "orders-dlq", Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(prefix + "events", Serdes.String(), new JsonSerde<>(AnalyticsEvent.class)),
                new Topic<>(prefix + "metrics-daily", Serdes.String(), new JsonSerde<>(DailyMetric.class)),
                new Topic<>(prefix + "metrics-hourly", Serdes.String(), new JsonSerde<>(HourlyMetric.class)),
                new Topic<>(prefix + "events-dlq", Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(prefix + "audit", Serdes.String(), new JsonSerde<>(AuditRecord.class)));
    }

    /** The topics keyed by item_id that one task reads together: they must have the same partition count. */
    public List<String> coPartitioned() {
        return List.of(orders.name(), inventoryCommands.name(), orderCommands.name());
    }

    /** Topics whose records are kept by key (latest value per key wins): results and metric rows are upserts. */
    public List<String> compacted() {
        return List.of(orderResults.name(), metricsDaily.name(), metricsHourly.name());
    }

    /**
     * Input topics whose record time the broker sets on append. The topology dedups orders by
     * record time, and bounds an event's own timestamp by it: a producer's stale or future clock
     * must not move a key out of the dedup window or an event into the future.
     */
    public List<String> brokerTimestamped() {
        return List.of(orders.name(), inventoryCommands.name(), orderCommands.name(), events.name());
    }

    public List<String> all() {
        return List.of(orders.name(), inventoryCommands.name(), orderCommands.name(), orderResults.name(), ordersDlq.name(),
                events.name(), metricsDaily.name(), metricsHourly.name(), eventsDlq.name(), audit.name());
    }
}
