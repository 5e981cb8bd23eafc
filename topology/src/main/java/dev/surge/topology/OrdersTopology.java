package dev.surge.topology;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The order pipeline:
 * <pre>
 *   inventory-commands ─▶ route ─▶ apply-inventory-command ──────────────┐  (misplaced: back to its partition)
 *   orders ─▶ route ─▶ reserve-stock [order-dedup, user-units] ───────────┼─▶ order-results ─▶ table [order-status]
 *   order-commands ─▶ route ─▶ end-reservation (+ expiry punctuator) ─────┘
 *                     all three share [inventory] and [holds]
 * </pre>
 * Each processor also writes what became of each correlated record to [order-trace] (TRACE_RETENTION).
 * The input topics are read as bytes: every record is validated here, whoever wrote it. All
 * three are keyed by item_id and must have the same partition count,
 * {@code partitions}: a record a producer placed on another partition than murmur2 of the key
 * is first sent to that partition ({@link PartitionRouter}), never reserved against the wrong
 * task's stock.
 */
public final class OrdersTopology {

    private OrdersTopology() {
    }

    /**
     * The topic's records, each on its key's partition: {@link PartitionRouter} hands a record that
     * is there to {@code process}, and writes one that is not back to the topic, to its partition.
     */
    private static KStream<String, byte[]> routed(StreamsBuilder builder, String topic, int partitions, String name,
                                                  String process) {
        String reroute = "reroute-" + name;
        KStream<String, byte[]> routed = builder.stream(topic,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name))
                .process(() -> new PartitionRouter(partitions, process, reroute), Named.as("route-" + name));
        routed.to(topic, Produced.with(Serdes.String(), Serdes.ByteArray()).withStreamPartitioner(PartitionRouter.murmur2())
                .withName(reroute));
        return routed;
    }

    public static void addTo(StreamsBuilder builder, Topics topics, int partitions, OrderSettings settings,
                             MessageValidator validator, ResultListener listener,
                             ProcessingOutcomes outcomes, Tracing tracing) {
        builder.addStateStore(OrderStores.inventory());
        builder.addStateStore(OrderStores.dedup(settings));
        builder.addStateStore(OrderStores.holds());
        List<String> orderStores = new ArrayList<>(List.of(OrderStores.INVENTORY, OrderStores.DEDUP, OrderStores.HOLDS));
        List<String> commandStores = new ArrayList<>(List.of(OrderStores.INVENTORY, OrderStores.HOLDS));
        if (settings.perUserLimitEnabled()) {
            builder.addStateStore(OrderStores.userUnits());
            orderStores.add(OrderStores.USER_UNITS);
        }
        if (tracing.enabled()) {
            builder.addStateStore(TraceStores.builder(TraceStores.ORDERS, tracing.retention()));
            orderStores.add(TraceStores.ORDERS);
            commandStores.add(TraceStores.ORDERS);
        }

        KStream<String, OrderResult> restocked = routed(builder, topics.inventoryCommands().name(), partitions,
                "inventory-commands", "apply-inventory-command")
                .process(() -> new InventoryCommandProcessor(validator, settings, partitions, outcomes, tracing),
                        Named.as("apply-inventory-command"), commandStores.toArray(String[]::new));
        KStream<String, OrderResult> ended = routed(builder, topics.orderCommands().name(), partitions,
                "order-commands", "end-reservation")
                .process(() -> new OrderCommandProcessor(validator, settings, partitions, outcomes, tracing),
                        Named.as("end-reservation"), commandStores.toArray(String[]::new));

        routed(builder, topics.orders().name(), partitions, "orders", "reserve-stock")
                .process(() -> new OrderProcessor(validator, settings, partitions, outcomes, tracing),
                        Named.as("reserve-stock"), orderStores.toArray(String[]::new))
                .merge(restocked, Named.as("merge-restock-results"))
                .merge(ended, Named.as("merge-lifecycle-results"))
                .to(topics.orderResults().name(),
                        Produced.with(topics.orderResults().keySerde(), topics.orderResults().valueSerde())
                                .withName("order-results"));

        // Caching off: a result is in the store, and the listener told, as soon as it is read. The
        // table keeps the topic's bytes (checked, see ResultBytes): a result is read from JSON
        // only when someone asks for it.
        var resultReader = topics.orderResults().valueSerde().deserializer();
        String resultsTopic = topics.orderResults().name();
        builder.table(resultsTopic,
                        Consumed.with(topics.orderResults().keySerde(), new ResultBytes())
                                .withName("order-results-table"),
                        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(OrderStores.ORDER_STATUS)
                                .withValueSerde(Serdes.ByteArray())
                                .withCachingDisabled())
                .toStream(Named.as("order-status-updates"))
                .foreach((orderId, bytes) -> listener.onResult(orderId,
                        () -> resultReader.deserialize(resultsTopic, bytes)), Named.as("notify-result-listener"));
    }
}
