package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the order pipeline writes to its trace store: one entry per correlated record, for TRACE_RETENTION. */
class OrderTraceTest {

    @TempDir
    Path stateDir;

    @Test
    void everyOrderOutcomeIsTracedWhereTheRecordWasRead() {
        try (OrderPipeline pipeline = new OrderPipeline(stateDir, Map.of())) {
            pipeline.setStock("sku-1", 1);
            pipeline.order("o1", "u1", "sku-1", 1);
            pipeline.order("o2", "u2", "sku-1", 1);
            pipeline.order("o3", "u3", "sku-unknown", 1);
            pipeline.order("o1", "u1", "sku-1", 1);
            pipeline.order(new OrderRequest("o4", "u4", "sku-1", 1), "key-4", OrderPipeline.START);
            pipeline.order(new OrderRequest("o5", "u4", "sku-1", 1), "key-4", OrderPipeline.START);

            assertThat(trace(pipeline, "corr-o1")).extracting(TraceEntry::topic, TraceEntry::partition,
                    TraceEntry::offset, TraceEntry::outcome, TraceEntry::reason, TraceEntry::id).containsExactly(
                    tuple("orders", 0, 0L, "RESERVED", null, "o1"),
                    tuple("orders", 0, 3L, "DUPLICATE", TraceEntry.ALREADY_DECIDED, "o1"));
            assertThat(trace(pipeline, "corr-o2")).extracting(TraceEntry::offset, TraceEntry::outcome, TraceEntry::reason)
                    .containsExactly(tuple(1L, "SOLD_OUT", null));
            assertThat(trace(pipeline, "corr-o3")).extracting(TraceEntry::outcome, TraceEntry::reason)
                    .containsExactly(tuple("REJECTED", "UNKNOWN_ITEM"));
            assertThat(trace(pipeline, "corr-o5")).extracting(TraceEntry::outcome, TraceEntry::reason)
                    .containsExactly(tuple("DUPLICATE", "DUPLICATE_OF_ORDER"));
            assertThat(trace(pipeline, "corr-o1")).allSatisfy(entry -> {
                assertThat(entry.processedAt()).isEqualTo(OrderPipeline.START);
                assertThat(entry.instance()).isEqualTo("localhost:8080");
            });
        }
    }

    @Test
    void aDeadLetteredRecordIsTracedWithItsDlqReason() {
        try (OrderPipeline pipeline = new OrderPipeline(stateDir, Map.of())) {
            pipeline.rawOrder("sku-1", "not json", correlated("corr-garbage"));
            pipeline.rawOrder("sku-2", "{\"order_id\":\"o9\",\"user_id\":\"u\",\"item_id\":\"sku-1\",\"quantity\":1}",
                    correlated("corr-mismatch"));
            pipeline.rawCommand("sku-1", "{}");

            assertThat(pipeline.deadLetters()).hasSize(3);
            assertThat(trace(pipeline, "corr-garbage")).extracting(TraceEntry::topic, TraceEntry::offset,
                    TraceEntry::outcome, TraceEntry::reason, TraceEntry::id)
                    .containsExactly(tuple("orders", 0L, "DEAD_LETTERED", "INVALID_JSON", null));
            assertThat(trace(pipeline, "corr-mismatch")).extracting(TraceEntry::outcome, TraceEntry::reason)
                    .containsExactly(tuple("DEAD_LETTERED", "KEY_MISMATCH"));
        }
    }

    @Test
    void inventoryCommandsAreTracedToo() {
        try (OrderPipeline pipeline = new OrderPipeline(stateDir, Map.of())) {
            pipeline.command("sku-1", new InventoryCommand("c1", "sku-1", InventoryCommand.Type.SET, 5, null),
                    correlated("corr-stock"));
            pipeline.command("sku-1", new InventoryCommand("c2", "sku-1", InventoryCommand.Type.RESTOCK, 2, null),
                    correlated("corr-stock"));

            assertThat(trace(pipeline, "corr-stock")).extracting(TraceEntry::topic, TraceEntry::offset,
                    TraceEntry::outcome, TraceEntry::id).containsExactly(
                    tuple("inventory-commands", 0L, "STOCK_SET", "sku-1"),
                    tuple("inventory-commands", 1L, "RESTOCKED", "sku-1"));
        }
    }

    @Test
    void aRecordWithoutASaneCorrelationIdIsNotTraced() {
        try (OrderPipeline pipeline = new OrderPipeline(stateDir, Map.of())) {
            pipeline.setStock("sku-1", 5);
            String order = "{\"order_id\":\"o%d\",\"user_id\":\"u\",\"item_id\":\"sku-1\",\"quantity\":1}";
            pipeline.rawOrder("sku-1", order.formatted(1));
            pipeline.rawOrder("sku-1", order.formatted(2), correlated("not a sane id"));
            pipeline.rawOrder("sku-1", "garbage");

            assertThat(pipeline.results()).hasSize(2);
            assertThat(Traces.all(pipeline.driver, TraceStores.ORDERS)).isEmpty();
        }
    }

    @Test
    void entriesAreDroppedOnceOlderThanTheRetention() {
        try (OrderPipeline pipeline = new OrderPipeline(stateDir, Map.of("TRACE_RETENTION", "1h"))) {
            pipeline.setStock("sku-1", 5);
            pipeline.order("o1", "u1", "sku-1", 1);
            pipeline.driver.advanceWallClockTime(Duration.ofMinutes(59));
            pipeline.order("o2", "u2", "sku-1", 1);
            assertThat(trace(pipeline, "corr-o1")).hasSize(1);

            pipeline.driver.advanceWallClockTime(Duration.ofMinutes(2));
            pipeline.order("o3", "u3", "sku-1", 1);

            assertThat(trace(pipeline, "corr-o1")).isEmpty();
            assertThat(trace(pipeline, "corr-o2")).hasSize(1);
            assertThat(trace(pipeline, "corr-o3")).extracting(TraceEntry::processedAt)
                    .containsExactly(OrderPipeline.START.plus(Duration.ofMinutes(61)));
        }
    }

    @Test
    void offMeansNoTraceStoreAndOrdersAsBefore() {
        try (OrderPipeline pipeline = new OrderPipeline(stateDir, Map.of("TRACE_RETENTION", "off"))) {
            pipeline.setStock("sku-1", 5);
            pipeline.order("o1", "u1", "sku-1", 1);
            pipeline.rawOrder("sku-1", "garbage", correlated("corr-garbage"));

            assertThat(pipeline.onlyResult().orderId()).isEqualTo("o1");
            assertThat(pipeline.deadLetters()).hasSize(1);
            assertThat(pipeline.driver.getAllStateStores()).doesNotContainKey(TraceStores.ORDERS)
                    .doesNotContainKey(TraceStores.EVENTS).containsKey(OrderStores.INVENTORY);
        }
    }

    private static List<TraceEntry> trace(OrderPipeline pipeline, String correlationId) {
        return Traces.of(pipeline.driver, TraceStores.ORDERS, correlationId);
    }

    private static RecordHeaders correlated(String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, correlationId);
        return headers;
    }
}
