package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders and inventory commands from kcat with librdkafka's own partitioners (CRC32 based, not the
 * Java client's murmur2): each lands on whatever partition its producer chose, is sent on to its
 * key's partition by the topology, and is decided there. None is refused, none decided twice.
 * Lifecycle commands (CONFIRM, CANCEL on {@code order-commands}) from kcat the same: each reaches
 * the task that holds its order.
 */
class AnyProducerIT {

    private static final int ITEMS = 12;

    @TempDir
    static Path dir;
    static RunningSurge surge;

    @BeforeAll
    static void start() throws Exception {
        surge = new RunningSurge(dir, Map.of("TOPIC_PARTITIONS", "6"));
    }

    @AfterAll
    static void stop() {
        surge.close();
    }

    @Test
    void kcatsDefaultPartitionersOrdersAndCommandsAreAllDecidedOnce() throws Exception {
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            commands.add("any-" + i + "|{\"item_id\":\"any-" + i + "\",\"type\":\"SET\",\"quantity\":5}");
        }
        kcat("inventory-commands", commands, "-X", "partitioner=consistent_random");
        for (int i = 0; i < ITEMS; i++) {
            awaitStock("any-" + i, 5);
        }

        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 2 * ITEMS; i++) {
            String item = "any-" + (i % ITEMS);
            orders.add(item + "|{\"order_id\":\"any-order-" + i + "\",\"user_id\":\"u" + i + "\",\"item_id\":\""
                    + item + "\",\"quantity\":1}");
        }
        kcat("orders", orders); // kcat's default partitioner: consistent_random

        for (int i = 0; i < 2 * ITEMS; i++) {
            HttpResponse<String> result = surge.get("/v1/orders/any-order-" + i + "?wait=30s");
            assertThat(result.statusCode()).as("any-order-" + i + ": " + result.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readValue(result.body(), OrderResult.class).status()).isEqualTo(OrderStatus.RESERVED);
        }
        for (int i = 0; i < ITEMS; i++) {
            assertThat(Json.MAPPER.readTree(surge.get("/v1/inventory/any-" + i).body()).path("reserved").asLong())
                    .as("any-" + i + " reserved once per order").isEqualTo(2);
        }
        // The producer really did misplace some: their copies on their own partition say where they came from.
        List<ConsumerRecord<byte[], byte[]>> onOrders = Topics.readUntil(surge.node.bootstrapServers(), "orders",
                read -> read.stream().anyMatch(AnyProducerIT::rerouted), Duration.ofSeconds(20));
        assertThat(onOrders).filteredOn(AnyProducerIT::rerouted).isNotEmpty();
        // This test's results only: the class's other test writes to order-results too.
        List<ConsumerRecord<byte[], byte[]>> results = Topics.readUntil(surge.node.bootstrapServers(),
                "order-results", read -> read.stream().filter(r -> keyOf(r).startsWith("any-order-")).count()
                        >= 2 * ITEMS, Duration.ofSeconds(20));
        assertThat(results).filteredOn(r -> keyOf(r).startsWith("any-order-")).hasSize(2 * ITEMS);
    }

    /**
     * CONFIRM and CANCEL from kcat, on whatever partition librdkafka picks for the item: its default
     * (consistent_random, CRC32 of the key), the same named with {@code -X partitioner=}, and fnv1a
     * (another hash again). Each command ends its own order, on the item's task, once: the order's
     * results are RESERVED then CONFIRMED or CANCELLED, the level counts the unit sold or back on sale,
     * and a late second command for an ended order changes nothing. Some of the commands are
     * misplaced (checked, else the test would not exercise the rerouting), and each misplaced one
     * went on to its key's partition as exactly one copy.
     */
    @Test
    void kcatsOrderCommandsEndTheRightReservationsOnce() throws Exception {
        List<String> items = IntStream.range(0, ITEMS).mapToObj(i -> "cmd-" + i).toList();
        for (String item : items) {
            surge.stock(item, 5);
        }
        // Per item four orders of one unit: #0 confirmed, #1 and #2 cancelled, #3 left as it is.
        List<String> orders = new ArrayList<>();
        for (String item : items) {
            for (int j = 0; j < 4; j++) {
                orders.add(item + "|{\"order_id\":\"" + item + "-o" + j + "\",\"user_id\":\"" + item + "-u" + j
                        + "\",\"item_id\":\"" + item + "\",\"quantity\":1}");
            }
        }
        kcat("orders", orders);
        for (String item : items) {
            for (int j = 0; j < 4; j++) {
                assertThat(awaitStatus(item + "-o" + j, OrderStatus.RESERVED)).isEqualTo(OrderStatus.RESERVED);
            }
        }

        List<String> confirms = items.stream().map(item -> command(item, item + "-o0", "CONFIRM")).toList();
        List<String> cancels = items.stream().map(item -> command(item, item + "-o1", "CANCEL")).toList();
        List<String> fnvCancels = items.stream().map(item -> command(item, item + "-o2", "CANCEL")).toList();
        kcat("order-commands", confirms); // kcat's default partitioner: consistent_random
        kcat("order-commands", cancels, "-X", "partitioner=consistent_random");
        kcat("order-commands", fnvCancels, "-X", "partitioner=fnv1a");

        for (String item : items) {
            assertThat(awaitStatus(item + "-o0", OrderStatus.CONFIRMED)).as(item + "-o0").isEqualTo(OrderStatus.CONFIRMED);
            assertThat(awaitStatus(item + "-o1", OrderStatus.CANCELLED)).as(item + "-o1").isEqualTo(OrderStatus.CANCELLED);
            assertThat(awaitStatus(item + "-o2", OrderStatus.CANCELLED)).as(item + "-o2").isEqualTo(OrderStatus.CANCELLED);
        }
        // Late commands for ended orders, misplaced the same ways: none may move anything again.
        kcat("order-commands", items.stream().map(item -> command(item, item + "-o0", "CANCEL")).toList());
        kcat("order-commands", items.stream().map(item -> command(item, item + "-o1", "CONFIRM")).toList(),
                "-X", "partitioner=consistent_random");
        kcat("order-commands", items.stream().map(item -> command(item, item + "-o2", "CONFIRM")).toList(),
                "-X", "partitioner=fnv1a");

        // Where the producers put the commands, and where the topology sent them on.
        int commandsSent = 6 * ITEMS;
        List<ConsumerRecord<byte[], byte[]>> onCommands = Topics.readUntil(surge.node.bootstrapServers(),
                "order-commands", read -> read.size() >= commandsSent
                        + read.stream().filter(r -> !rerouted(r) && misplaced(r)).count(), Duration.ofSeconds(30));
        List<ConsumerRecord<byte[], byte[]>> sent = onCommands.stream().filter(r -> !rerouted(r)).toList();
        List<ConsumerRecord<byte[], byte[]>> misplaced = sent.stream().filter(AnyProducerIT::misplaced).toList();
        List<ConsumerRecord<byte[], byte[]>> copies = onCommands.stream().filter(AnyProducerIT::rerouted).toList();
        System.out.printf("AnyProducerIT: %d order commands from kcat, %d of them on another partition than"
                        + " murmur2 (first batches: default %d, consistent_random %d, fnv1a %d of %d each),"
                        + " %d copies sent on%n", sent.size(), misplaced.size(),
                misplacedOf(sent, confirms), misplacedOf(sent, cancels), misplacedOf(sent, fnvCancels), ITEMS,
                copies.size());
        assertThat(sent).hasSize(commandsSent);
        assertThat(misplacedOf(sent, confirms)).as("CONFIRMs misplaced by kcat's default partitioner").isPositive();
        assertThat(misplacedOf(sent, cancels)).as("CANCELs misplaced by consistent_random").isPositive();
        assertThat(misplacedOf(sent, fnvCancels)).as("CANCELs misplaced by fnv1a").isPositive();
        assertThat(copies).as("one copy per misplaced command, each on its key's partition").hasSize(misplaced.size())
                .allSatisfy(copy -> assertThat(copy.partition()).isEqualTo(Topics.partitionOf(keyOf(copy), 6)));

        // Once the late commands were read (their copies are committed), nothing moved again.
        Map<String, List<OrderStatus>> statuses = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readUntil(surge.node.bootstrapServers(), "order-results",
                read -> true, Duration.ofSeconds(20))) {
            if (keyOf(record).startsWith("cmd-")) {
                statuses.computeIfAbsent(keyOf(record), id -> new ArrayList<>())
                        .add(Json.MAPPER.readValue(record.value(), OrderResult.class).status());
            }
        }
        for (String item : items) {
            assertThat(statuses.get(item + "-o0")).as(item + "-o0").containsExactly(OrderStatus.RESERVED, OrderStatus.CONFIRMED);
            assertThat(statuses.get(item + "-o1")).as(item + "-o1").containsExactly(OrderStatus.RESERVED, OrderStatus.CANCELLED);
            assertThat(statuses.get(item + "-o2")).as(item + "-o2").containsExactly(OrderStatus.RESERVED, OrderStatus.CANCELLED);
            assertThat(statuses.get(item + "-o3")).as(item + "-o3").containsExactly(OrderStatus.RESERVED);
            InventoryLevel level = Json.MAPPER.readValue(surge.get("/v1/inventory/" + item).body(), InventoryLevel.class);
            assertThat(level).as(item).extracting(InventoryLevel::available, InventoryLevel::reserved,
                    InventoryLevel::confirmed, InventoryLevel::supplied).containsExactly(3L, 1L, 1L, 5L);
        }
        assertThat(deadLetters()).as("orders-dlq").isEmpty();
    }

    /** An order command's line for kcat: key|value. */
    private static String command(String item, String orderId, String type) {
        return item + "|{\"order_id\":\"" + orderId + "\",\"item_id\":\"" + item + "\",\"type\":\"" + type + "\"}";
    }

    /** How many of these kcat lines were written to another partition than their key's murmur2 one. */
    private static long misplacedOf(List<ConsumerRecord<byte[], byte[]>> sent, List<String> lines) {
        return sent.stream().filter(r -> lines.contains(keyOf(r) + "|" + new String(r.value(), StandardCharsets.UTF_8)))
                .filter(AnyProducerIT::misplaced).count();
    }

    private static boolean misplaced(ConsumerRecord<byte[], byte[]> record) {
        return record.partition() != Topics.partitionOf(keyOf(record), 6);
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    /** Polls the order until it shows {@code wanted} (or 30 s pass), and returns the status it last showed. */
    private static OrderStatus awaitStatus(String orderId, OrderStatus wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        OrderStatus last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> result = surge.get("/v1/orders/" + orderId);
            if (result.statusCode() == 200) {
                last = Json.MAPPER.readValue(result.body(), OrderResult.class).status();
                if (last == wanted) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        System.out.println(orderId + " still " + last + " after 30 s; orders-dlq: " + deadLetters());
        return last;
    }

    private static List<String> deadLetters() {
        List<String> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> dead : Topics.readUntil(surge.node.bootstrapServers(), "orders-dlq",
                all -> true, Duration.ofSeconds(3))) {
            StringBuilder line = new StringBuilder();
            dead.headers().forEach(h -> line.append(h.key()).append('=')
                    .append(new String(h.value(), StandardCharsets.UTF_8)).append(' '));
            records.add(line.append(new String(dead.value(), StandardCharsets.UTF_8)).toString());
        }
        return records;
    }

    private static boolean rerouted(ConsumerRecord<byte[], byte[]> record) {
        return record.headers().lastHeader("rerouted_from") != null;
    }

    private static void awaitStock(String item, long units) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> level = surge.get("/v1/inventory/" + item);
            if (level.statusCode() == 200 && Json.MAPPER.readTree(level.body()).path("available").asLong() == units) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the stock of " + item + " never showed " + units);
    }

    private static void kcat(String topic, List<String> lines, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(RequiredProgram.find("kcat", "kcat").toString(),
                "-b", surge.node.bootstrapServers(), "-P", "-t", topic, "-K", "|"));
        command.addAll(List.of(options));
        Process kcat = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = kcat.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }
}
