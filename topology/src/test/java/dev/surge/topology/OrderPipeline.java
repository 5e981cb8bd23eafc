package dev.surge.topology;

import dev.surge.config.SurgeConfig;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderRequest;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** Drives exactly the production topology through TopologyTestDriver, with helpers named after the domain. */
final class OrderPipeline implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

    final TopologySettings topology;
    final Topics topics;
    final TopologyTestDriver driver;
    final List<OrderResult> notified = new ArrayList<>();
    final RecordedOutcomes outcomes = new RecordedOutcomes();
    private final TestInputTopic<String, byte[]> orders;
    private final TestInputTopic<String, byte[]> commands;
    private final TestInputTopic<String, byte[]> lifecycle;
    private final TestOutputTopic<String, OrderResult> results;
    private final TestOutputTopic<byte[], byte[]> dlq;

    OrderPipeline(Path stateDir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("STATE_DIR", stateDir.toString());
        // TopologyTestDriver feeds every record through partition 0.
        env.putIfAbsent("TOPIC_PARTITIONS", "1");
        topology = TopologySettings.from(SurgeConfig.load(env, Map.of()));
        topics = topology.topics();
        Properties props = StreamsProperties.from(topology, "unused:9092");
        props.put(DeadLetterHandler.OUTCOMES_CONFIG, outcomes);
        driver = new TopologyTestDriver(SurgeTopology.build(topology, (orderId, result) -> notified.add(result.get()), outcomes),
                props, START);
        orders = driver.createInputTopic(topics.orders().name(), new StringSerializer(), new ByteArraySerializer());
        commands = driver.createInputTopic(topics.inventoryCommands().name(), new StringSerializer(),
                new ByteArraySerializer());
        lifecycle = driver.createInputTopic(topics.orderCommands().name(), new StringSerializer(),
                new ByteArraySerializer());
        results = driver.createOutputTopic(topics.orderResults().name(), topics.orderResults().keySerde().deserializer(),
                topics.orderResults().valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.ordersDlq().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    void setStock(String item, long units) {
        command(item, new InventoryCommand("c-" + item, item, InventoryCommand.Type.SET, units, null));
    }

    void restock(String item, long units) {
        command(item, new InventoryCommand("r-" + item, item, InventoryCommand.Type.RESTOCK, units, null));
    }

    void command(String key, Object body) {
        command(key, body, new RecordHeaders());
    }

    void command(String key, Object body, RecordHeaders headers) {
        commands.pipeInput(new TestRecord<>(key, Json.toBytes(body), headers, now()));
    }

    void rawCommand(String key, String body) {
        commands.pipeInput(new TestRecord<>(key, body.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), now()));
    }

    void confirm(String orderId, String item) {
        endReservation(item, new OrderCommand(null, orderId, item, OrderCommand.Type.CONFIRM, null));
    }

    void cancel(String orderId, String item) {
        endReservation(item, new OrderCommand(null, orderId, item, OrderCommand.Type.CANCEL, null));
    }

    void endReservation(String key, Object body) {
        endReservation(key, body, now());
    }

    /** @param sentAt the record's timestamp: when the broker took the command */
    void endReservation(String key, Object body, Instant sentAt) {
        lifecycle.pipeInput(new TestRecord<>(key, Json.toBytes(body), new RecordHeaders(), sentAt));
    }

    void rawEndReservation(String key, String body) {
        lifecycle.pipeInput(new TestRecord<>(key, body.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), now()));
    }

    /** Moves the tasks' wall clock on: the expiry punctuator runs for every interval passed. */
    void advance(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** An order that asks to wait in line when the item is sold out. */
    void waitingOrder(String orderId, String user, String item, int quantity) {
        order(new OrderRequest(orderId, user, item, quantity, null, null, true), null, now());
    }

    void order(String orderId, String user, String item, int quantity) {
        order(new OrderRequest(orderId, user, item, quantity), null, now());
    }

    void order(OrderRequest order, String idempotencyKey, Instant at) {
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.put(headers, KafkaHeaders.IDEMPOTENCY_KEY, idempotencyKey);
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, "corr-" + order.orderId());
        orders.pipeInput(new TestRecord<>(order.itemId(), Json.toBytes(order), headers, at));
    }

    void rawOrder(String key, String body) {
        rawOrder(key, body, new RecordHeaders());
    }

    void rawOrder(String key, String body, RecordHeaders headers) {
        orders.pipeInput(new TestRecord<>(key, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                headers, now()));
    }

    /** Every result emitted since the last call. */
    List<OrderResult> results() {
        return results.readValuesToList();
    }

    /** Every result record emitted since the last call, headers and all. */
    List<TestRecord<String, OrderResult>> resultRecords() {
        return results.readRecordsToList();
    }

    OrderResult onlyResult() {
        List<OrderResult> all = results();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one result, got " + all);
        }
        return all.get(0);
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    static DlqRecord headersOf(TestRecord<byte[], byte[]> record) {
        return DlqRecord.readFrom(record.headers());
    }

    InventoryLevel inventory(String item) {
        KeyValueStore<String, InventoryLevel> store = driver.getKeyValueStore(OrderStores.INVENTORY);
        return store.get(item);
    }

    OrderResult status(String orderId) {
        KeyValueStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<byte[]>> store =
                driver.getTimestampedKeyValueStore(OrderStores.ORDER_STATUS);
        var value = store.get(orderId);
        return value == null ? null
                : topics.orderResults().valueSerde().deserializer().deserialize("", value.value());
    }

    /** What the topology told its {@link ProcessingOutcomes}, in order. */
    static final class RecordedOutcomes implements ProcessingOutcomes {

        final List<String> decided = new ArrayList<>();
        final List<String> deadLettered = new ArrayList<>();
        final List<String> moved = new ArrayList<>();
        final List<String> withoutEffect = new ArrayList<>();

        @Override
        public void orderMoved(OrderStatus from, OrderStatus to) {
            moved.add(from + "->" + to);
        }

        @Override
        public void commandWithoutEffect(String type) {
            withoutEffect.add(type);
        }

        @Override
        public void orderDecided(OrderStatus status, Duration sinceAccepted) {
            decided.add(status + " after " + sinceAccepted);
        }

        @Override
        public void deadLettered(String sourceTopic, DlqRecord.Reason reason) {
            deadLettered.add(sourceTopic + " " + reason);
        }
    }

    private Instant now() {
        return START;
    }

    @Override
    public void close() {
        driver.close();
    }
}
