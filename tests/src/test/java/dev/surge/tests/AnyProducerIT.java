package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders and inventory commands from kcat with librdkafka's own partitioners (CRC32 based, not the
 * Java client's murmur2): each lands on whatever partition its producer chose, is sent on to its
 * key's partition by the topology, and is decided there. None is refused, none decided twice.
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
        List<ConsumerRecord<byte[], byte[]>> results = Topics.readCommitted(surge.node.bootstrapServers(),
                "order-results", 2 * ITEMS, Duration.ofSeconds(20));
        assertThat(results).hasSize(2 * ITEMS);
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
