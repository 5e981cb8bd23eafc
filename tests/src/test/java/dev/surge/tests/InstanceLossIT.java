package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three processors, each the real artifact in a JVM of its own, behind one ingress; one is killed
 * with SIGKILL while orders flow. The survivors keep answering reads (200, or 503 with Retry-After
 * while the dead one's partitions move; never another error), take its partitions over, and
 * nothing is lost or sold twice. How long reads were unavailable is measured and printed, not
 * asserted: targets live in benchmarks.
 */
class InstanceLossIT {

    private static final List<String> ITEMS = IntStream.range(0, 12).mapToObj(i -> "loss-" + i).toList();
    private static final long STOCK = 40;

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static RunningSurge ingress;
    static final List<SurgeProcess> processors = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        for (int i = 0; i < 3; i++) {
            processors.add(SurgeProcess.start(Map.of(
                    "ROLE", "processor",
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TOPIC_PARTITIONS", "6",
                    "STATE_DIR", dir.resolve("streams-" + i).toString()), dir.resolve("processor-" + i + ".log")));
        }
        for (SurgeProcess processor : processors) {
            processor.awaitReady(Duration.ofSeconds(120));
        }
        ingress = new RunningSurge(dir.resolve("ingress"), Map.of("ROLE", "ingress",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "TOPIC_PARTITIONS", "6"));
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        processors.forEach(SurgeProcess::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void killingOneProcessorLosesNothingAndTheOthersTakeOver() throws Exception {
        SurgeProcess survivor = processors.get(0);
        for (String item : ITEMS) {
            HttpResponse<String> set = ingress.send("PUT", "/v1/admin/inventory/" + item, Map.of("stock", STOCK));
            assertThat(set.statusCode()).isEqualTo(202);
        }
        for (String item : ITEMS) {
            awaitStock(survivor, item);
        }

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean stopLoad = new AtomicBoolean();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> order(accepted, stopLoad));
        Thread.sleep(2_000);
        SurgeProcess killed = processors.get(2);
        killed.kill();
        long killedAt = System.nanoTime();

        List<SurgeProcess> survivors = processors.subList(0, 2);
        long recoveredAt = awaitEveryKeyAnswered(survivors, killedAt);
        stopLoad.set(true);
        load.get(30, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("InstanceLossIT: %d orders accepted; every key answered by both survivors again %.1f s"
                + " after SIGKILL%n", accepted.size(), (recoveredAt - killedAt) / 1e9);

        assertThat(accepted).hasSizeGreaterThan(10);
        Map<String, List<JsonNode>> results = resultsOf(accepted);
        assertThat(results.keySet()).as("every accepted order got a result").containsAll(accepted);
        assertThat(results.values()).as("exactly one result per order").allSatisfy(r -> assertThat(r).hasSize(1));
        Map<String, Long> reserved = new HashMap<>();
        results.values().stream().map(List::getFirst)
                .filter(result -> result.path("status").asText().equals("RESERVED"))
                .forEach(result -> reserved.merge(result.path("item_id").asText(), result.path("quantity").asLong(),
                        Long::sum));
        assertThat(reserved.values()).as("nothing oversold").allSatisfy(units -> assertThat(units).isLessThanOrEqualTo(STOCK));
        for (String item : ITEMS) {
            JsonNode level = Json.MAPPER.readTree(get(survivors.get(1), "/v1/inventory/" + item).body());
            assertThat(level.path("reserved").asLong()).isEqualTo(reserved.getOrDefault(item, 0L));
            assertThat(level.path("reserved").asLong()).isLessThanOrEqualTo(level.path("supplied").asLong());
        }
    }

    /** Orders for the items, as fast as one client goes, until told to stop. */
    private void order(Set<String> accepted, AtomicBoolean stop) {
        for (int n = 0; !stop.get(); n++) {
            String item = ITEMS.get(ThreadLocalRandom.current().nextInt(ITEMS.size()));
            try {
                HttpResponse<String> res = ingress.postJson("/v1/orders",
                        Map.of("user_id", "loss-u" + n, "item_id", item, "quantity", 1));
                assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
                accepted.add(Json.MAPPER.readTree(res.body()).path("order_id").asText());
                Thread.sleep(10);
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Reads every item from every survivor until 5 s of rounds all answered 200; returns when that
     * began. A read is a 200, or a 503 with Retry-After while partitions move: never anything else.
     */
    private long awaitEveryKeyAnswered(List<SurgeProcess> survivors, long killedAt) throws Exception {
        long deadline = killedAt + Duration.ofSeconds(150).toNanos();
        long allAnsweredSince = -1;
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (SurgeProcess survivor : survivors) {
                for (String item : ITEMS) {
                    HttpResponse<String> res = get(survivor, "/v1/inventory/" + item);
                    assertThat(res.statusCode()).as("%s from %s: %s", item, survivor.address(), res.body())
                            .isIn(200, 503);
                    if (res.statusCode() == 503) {
                        assertThat(res.headers().firstValue("Retry-After")).isPresent();
                        all = false;
                    }
                }
            }
            long now = System.nanoTime();
            if (!all) {
                allAnsweredSince = -1;
            } else if (allAnsweredSince < 0) {
                allAnsweredSince = now;
            } else if (now - allAnsweredSince > Duration.ofSeconds(5).toNanos() && now - killedAt > 1e9) {
                return allAnsweredSince;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the survivors never answered every key for 5 s in a row");
    }

    private void awaitStock(SurgeProcess processor, String item) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = get(processor, "/v1/inventory/" + item);
            if (res.statusCode() == 200 && Json.MAPPER.readTree(res.body()).path("available").asLong() == STOCK) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(item + " never showed its stock: " + processor.tail());
    }

    /** Every committed result of these orders, by order id (each list should hold one). */
    private static Map<String, List<JsonNode>> resultsOf(Set<String> orders) throws IOException {
        Map<String, List<JsonNode>> byOrder = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = Topics.readUntil(kafka.bootstrapServers(), "order-results",
                all -> all.size() >= orders.size(), Duration.ofSeconds(90));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode result = Json.MAPPER.readTree(record.value());
            if (orders.contains(result.path("order_id").asText())) {
                byOrder.computeIfAbsent(result.path("order_id").asText(), id -> new ArrayList<>()).add(result);
            }
        }
        return byOrder;
    }

    private HttpResponse<String> get(SurgeProcess processor, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(processor.base() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
