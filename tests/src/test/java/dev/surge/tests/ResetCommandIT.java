package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.SurgeConfig;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.tools.reset.ResetCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code surge reset} against the real topology on a real embedded broker, run in-process, as the
 * runbook does it locally: Surge runs and holds state (stock, decided orders, a dead letter,
 * counted events); reset is refused while it runs; Surge stops and only the broker is started
 * again on the same data ({@code --role ingress}: the embedded broker without the topology);
 * reset --dry-run changes nothing, reset --yes wipes the state; Surge starts again on the same
 * broker data and state directory and rebuilds the same state from the input topics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetCommandIT {

    private static final Duration REBUILD = Duration.ofSeconds(60);
    /** The broker's minimum: members of a stopped Surge leave the group 6 s after it stops, not 45 s. */
    private static final Map<String, String> SETTINGS = Map.of("STREAMS_SESSION_TIMEOUT_MS", "6000");
    private static final Set<String> INPUTS = Set.of("orders", "inventory-commands", "order-commands", "events",
            "order-results");

    @TempDir
    static Path dir;

    static RunningSurge surge;
    /** order_id → status, in the order sent. */
    static final Map<String, OrderStatus> decided = new LinkedHashMap<>();
    static final Map<String, InventoryLevel> stockBefore = new TreeMap<>();
    static final Instant eventTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    static long eventsBefore;
    static Set<String> internalBefore;

    @BeforeAll
    static void startSurgeAndMakeState() throws Exception {
        surge = new RunningSurge(dir, SETTINGS);
        surge.stock("reset-a", 3);
        surge.stock("reset-b", 5);
        for (int i = 1; i <= 5; i++) {
            order("reset-a-" + i, "reset-a", 1);
        }
        order("reset-b-1", "reset-b", 2);
        // Between orders: the rebuild must replay stock commands and orders in their original order.
        HttpResponse<String> restock = surge.postJson("/v1/admin/inventory/reset-b/restock", Map.of("delta", 2));
        assertThat(restock.statusCode()).isEqualTo(202);
        awaitStock("reset-b", 5);
        order("reset-b-2", "reset-b", 4);
        order("reset-b-3", "reset-b", 2);
        assertThat(decided.values()).containsExactly(OrderStatus.RESERVED, OrderStatus.RESERVED, OrderStatus.RESERVED,
                OrderStatus.SOLD_OUT, OrderStatus.SOLD_OUT, OrderStatus.RESERVED, OrderStatus.RESERVED,
                OrderStatus.SOLD_OUT);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("orders", "reset-a".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(Topics.readCommitted(surge.node.bootstrapServers(), "orders-dlq", 1, Duration.ofSeconds(20)))
                .hasSize(1);

        List<Map<String, String>> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(Map.of("event_id", "reset-e" + i, "session_id", "reset-s" + i, "event_type", "page_view",
                    "event_action", "view", "timestamp", eventTime.toString()));
        }
        assertThat(surge.postJson("/v1/events", events).statusCode()).isEqualTo(202);
        eventsBefore = awaitEvents(3);

        for (String item : List.of("reset-a", "reset-b")) {
            stockBefore.put(item, inventory(item));
        }
        assertThat(stockBefore.get("reset-a")).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::supplied).containsExactly(0L, 3L, 3L);
        assertThat(stockBefore.get("reset-b")).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::supplied).containsExactly(1L, 6L, 7L);
        internalBefore = internalTopics();
        assertThat(internalBefore).isNotEmpty().allMatch(t -> t.startsWith("surge-"))
                .anyMatch(t -> t.endsWith("-changelog")).anyMatch(t -> t.endsWith("-repartition"));
        assertThat(dir.resolve("streams/surge")).isDirectory();
    }

    @AfterAll
    static void stop() {
        if (surge != null) {
            surge.close();
        }
    }

    @Test
    @Order(1)
    void whileSurgeRunsResetIsRefusedNamingItsStreamThreadsAndChangesNothing() throws Exception {
        Map<TopicPartition, Long> offsets = committed();

        Result result = reset("--yes");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("refusing: processors are running: surge has 2 active member(s) on 1 host(s):")
                .contains("127.0.0.1: surge-").contains("-StreamThread-1-consumer").contains("Stop every processor");
        assertThat(result.out()).isEmpty();
        assertThat(internalTopics()).isEqualTo(internalBefore);
        assertThat(committed()).isEqualTo(offsets);
        assertThat(dir.resolve("streams/surge")).isDirectory();
    }

    @Test
    @Order(2)
    void withSurgeStoppedADryRunPrintsThePlanAndChangesNothing() throws Exception {
        surge.close();
        surge = null;
        // The broker alone on the same data: what ./surge run --role ingress gives locally.
        surge = new RunningSurge(dir, with("ROLE", "ingress"));
        awaitGroupEmpty();
        Map<TopicPartition, Long> offsets = committed();
        Map<TopicPartition, Long> dlqEnd = endOffsets("orders-dlq");

        Result notATerminal = reset();
        Result dryRun = reset("--dry-run");

        assertThat(notATerminal.code()).isEqualTo(2);
        assertThat(notATerminal.err()).contains("stdin is not a terminal, so nobody can confirm: pass --yes");
        assertThat(dryRun.code()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("reset of application surge on " + surge.node.bootstrapServers()
                        + ", consumer group surge (classic protocol, Empty)")
                .containsPattern("orders\\s+3 partitions  committed \\d+ → 0\n")
                .containsPattern("order-results\\s+3 partitions  committed \\d+ → 0  \\(read back as")
                .contains("internal topics to delete (" + internalBefore.size() + "):")
                .contains(internalBefore.stream().sorted().map(t -> "    " + t + "\n").collect(Collectors.joining()))
                .contains("local state directory to delete: " + dir.resolve("streams/surge"))
                .contains("not touched: orders-dlq, events-dlq, metrics-daily, metrics-hourly, audit, group surge-dlq")
                .doesNotContain("WARNING")
                .endsWith("dry run: nothing changed\n");
        assertThat(committed()).isEqualTo(offsets);
        assertThat(offsets).isNotEmpty().allSatisfy((tp, offset) -> assertThat(offset).isPositive());
        assertThat(internalTopics()).isEqualTo(internalBefore);
        assertThat(dir.resolve("streams/surge")).isDirectory();
        assertThat(endOffsets("orders-dlq")).isEqualTo(dlqEnd);
    }

    @Test
    @Order(3)
    void resetYesMovesTheGroupToTheStartDeletesInternalTopicsAndTheStateDirectory() throws Exception {
        Map<TopicPartition, Long> dlqEnd = endOffsets("orders-dlq");
        Map<TopicPartition, Long> metricsEnd = endOffsets("metrics-daily");

        Result result = reset("--yes");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("reset the offsets of group surge on 15 partitions of orders,"
                        + " inventory-commands, order-commands, events, order-results to the earliest\n")
                .contains("deleted " + internalBefore.size() + " internal topic(s) and the group's offsets on them\n")
                .contains("deleted the local state directory " + dir.resolve("streams/surge") + "\n")
                .contains("done: start the processors; they rebuild state from the input topics\n")
                .containsPattern("audited as cli:\\S+, correlation id [0-9a-f-]{36}\n$");
        Map<TopicPartition, Long> offsets = committed();
        assertThat(offsets.keySet()).extracting(TopicPartition::topic).containsOnlyElementsOf(INPUTS);
        assertThat(offsets).hasSize(15).allSatisfy((tp, offset) -> assertThat(offset).isZero());
        assertThat(internalTopics()).isEmpty();
        assertThat(dir.resolve("streams/surge")).doesNotExist();
        assertThat(endOffsets("orders-dlq")).isEqualTo(dlqEnd);
        assertThat(endOffsets("metrics-daily")).isEqualTo(metricsEnd);
    }

    @Test
    @Order(4)
    void startedAgainSurgeRebuildsTheSameStateFromTheInputTopics() throws Exception {
        surge.close();
        surge = null;
        surge = new RunningSurge(dir, SETTINGS);

        for (String item : stockBefore.keySet()) {
            InventoryLevel before = stockBefore.get(item);
            InventoryLevel after = awaitInventory(item, before);
            assertThat(after.reserved()).as("no oversell of " + item).isLessThanOrEqualTo(after.supplied());
        }
        for (Map.Entry<String, OrderStatus> order : decided.entrySet()) {
            HttpResponse<String> res = surge.get("/v1/orders/" + order.getKey() + "?wait=10s");
            assertThat(res.statusCode()).as(order.getKey()).isEqualTo(200);
            assertThat(Json.MAPPER.readValue(res.body(), OrderResult.class).status()).isEqualTo(order.getValue());
        }
        // Every order was decided again, the same way: a second result on order-results, as reset says.
        List<ConsumerRecord<byte[], byte[]>> results = Topics.readUntil(surge.node.bootstrapServers(),
                "order-results", records -> records.size() >= 2 * decided.size(), REBUILD);
        Map<String, List<OrderStatus>> byOrder = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : results) {
            OrderResult result = Json.MAPPER.readValue(record.value(), OrderResult.class);
            byOrder.computeIfAbsent(result.orderId(), id -> new ArrayList<>()).add(result.status());
        }
        decided.forEach((id, status) -> assertThat(byOrder.get(id)).as(id).containsExactly(status, status));
        // The bad record was dead-lettered again; the metrics count each event once, not twice.
        assertThat(Topics.readCommitted(surge.node.bootstrapServers(), "orders-dlq", 2, REBUILD)).hasSize(2);
        assertThat(awaitEvents(eventsBefore)).isEqualTo(3);
    }

    // ---- the command, run in-process as SurgeMain runs it

    record Result(int code, String out, String err) {
    }

    static Result reset(String... args) {
        SurgeConfig cli = SurgeConfig.load(Map.of("KAFKA_BOOTSTRAP_SERVERS", surge.node.bootstrapServers(),
                "STATE_DIR", dir.resolve("streams").toString()), Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ResetCommand.run(List.of(args), cli, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ surge reset " + String.join(" ", args) + " (exit " + code + ")\n" + result.out()
                + result.err());
        return result;
    }

    // ---- Surge over HTTP

    static void order(String id, String item, int quantity) throws Exception {
        HttpResponse<String> accepted = surge.postJson("/v1/orders",
                Map.of("client_order_id", id, "user_id", "u-" + id, "item_id", item, "quantity", quantity));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String orderId = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();
        HttpResponse<String> result = surge.get("/v1/orders/" + orderId + "?wait=15s");
        assertThat(result.statusCode()).as(id).isEqualTo(200);
        decided.put(orderId, Json.MAPPER.readValue(result.body(), OrderResult.class).status());
    }

    static InventoryLevel inventory(String item) throws Exception {
        HttpResponse<String> res = surge.get("/v1/inventory/" + item);
        return res.statusCode() == 200 ? Json.MAPPER.readValue(res.body(), InventoryLevel.class) : null;
    }

    static void awaitStock(String item, long available) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            InventoryLevel level = inventory(item);
            if (level != null && level.available() == available) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(item + " never had " + available + " available");
    }

    /** Waits until the item's levels equal {@code expected}'s (not its time) and returns them. */
    static InventoryLevel awaitInventory(String item, InventoryLevel expected) throws Exception {
        long deadline = System.nanoTime() + REBUILD.toNanos();
        InventoryLevel level = null;
        while (System.nanoTime() < deadline) {
            level = inventory(item);
            if (level != null && level.available() == expected.available() && level.reserved() == expected.reserved()
                    && level.supplied() == expected.supplied()) {
                return level;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(item + " rebuilt as " + level + ", expected " + expected);
    }

    /** Today's (the events' day's) events count, once it is at least {@code atLeast} and stays put for a second. */
    static long awaitEvents(long atLeast) throws Exception {
        LocalDate day = LocalDate.ofInstant(eventTime, ZoneOffset.UTC);
        long deadline = System.nanoTime() + REBUILD.toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = surge.get("/v1/metrics/daily?metric=events&from=" + day + "&to=" + day);
            long now = 0;
            if (res.statusCode() == 200) {
                for (JsonNode row : Json.MAPPER.readTree(res.body()).path("rows")) {
                    now += row.path("value").asLong();
                }
            }
            if (now >= atLeast && now == count) {
                return now;
            }
            count = now;
            Thread.sleep(now >= atLeast ? 1000 : 100);
        }
        throw new AssertionError("events counted: " + count + ", expected at least " + atLeast);
    }

    // ---- Kafka, read from outside

    static Map<String, String> with(String key, String value) {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put(key, value);
        return settings;
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers()));
    }

    static Set<String> internalTopics() throws Exception {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("surge-") && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                    .collect(Collectors.toSet());
        }
    }

    /** The application group's committed offsets. */
    static Map<TopicPartition, Long> committed() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("surge")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, offset) -> result.put(tp, offset.offset()));
            return result;
        }
    }

    static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> result = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        }
    }

    /** The stopped Surge's stream threads stay members until their sessions time out. */
    static void awaitGroupEmpty() throws Exception {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(60).toNanos();
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of("surge")).describedGroups().get("surge")
                        .get(10, TimeUnit.SECONDS);
                if (group.members().isEmpty()) {
                    System.out.println("group surge empty " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                            + " ms after the broker came back");
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the group surge kept members for 60 s");
    }
}
