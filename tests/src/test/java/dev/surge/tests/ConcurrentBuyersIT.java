package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many buyers at once, some retrying with the same Idempotency-Key, against a few items: the
 * invariants of DESIGN.md checked on the real broker and topology, and every retry answered at
 * the edge with its first attempt's order.
 */
class ConcurrentBuyersIT {

    static final Map<String, Integer> STOCK = Map.of("hot-1", 40, "hot-2", 15, "cold-1", 500);
    static final int ORDERS = 600;
    static final int CONCURRENCY = 48;

    @TempDir
    static Path dir;

    static RunningSurge surge;

    @BeforeAll
    static void start() throws Exception {
        surge = new RunningSurge(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        surge.close();
    }

    /** One distinct order: its key, and every order_id the ingress gave its attempts. */
    record Purchase(String item, String idempotencyKey, List<String> orderIds) {
    }

    @Test
    void reservesExactlyMinOfStockAndDemandWithOneResultPerOrder() throws Exception {
        for (var entry : STOCK.entrySet()) {
            surge.stock(entry.getKey(), entry.getValue());
        }
        List<String> items = List.of("hot-1", "hot-1", "hot-2", "hot-2", "cold-1");
        Random random = new Random(7);
        List<Purchase> purchases = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            purchases.add(new Purchase(items.get(random.nextInt(items.size())), UUID.randomUUID().toString(),
                    new ArrayList<>()));
        }

        Semaphore inFlight = new Semaphore(CONCURRENCY);
        Map<String, OrderResult> results = new ConcurrentHashMap<>();
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < purchases.size(); i++) {
                Purchase purchase = purchases.get(i);
                boolean retries = i % 5 == 0;
                done.add(buyers.submit(() -> {
                    inFlight.acquire();
                    try {
                        buy(purchase, retries ? 2 : 1, results);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        // A retry under the same key is answered at the edge with the first attempt's order.
        for (Purchase purchase : purchases) {
            assertThat(Set.copyOf(purchase.orderIds())).as("orders of one purchase").hasSize(1);
        }
        List<String> acceptedIds = purchases.stream().map(p -> p.orderIds().getFirst()).toList();
        assertThat(acceptedIds).hasSize(ORDERS).doesNotHaveDuplicates();
        // Nothing lost: every 202 answered order has a result.
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(acceptedIds);

        Map<String, Long> demand = purchases.stream().collect(Collectors.groupingBy(Purchase::item, Collectors.counting()));
        for (var entry : STOCK.entrySet()) {
            String item = entry.getKey();
            long reserved = results.values().stream()
                    .filter(r -> r.itemId().equals(item) && r.status() == OrderStatus.RESERVED).count();
            assertThat(reserved).as("units reserved of " + item)
                    .isEqualTo(Math.min(entry.getValue(), demand.getOrDefault(item, 0L)));
            InventoryLevel level = Json.MAPPER.readValue(surge.get("/v1/inventory/" + item).body(), InventoryLevel.class);
            assertThat(level.reserved()).isEqualTo(reserved);
            assertThat(level.reserved()).isLessThanOrEqualTo(level.supplied());
        }
        // No retry reached the topology as a second order (its dedup is tested with producers that bypass the edge).
        assertThat(results.values()).noneMatch(r -> r.status() == OrderStatus.DUPLICATE);
        assertThat(replayed.get()).isEqualTo(ORDERS / 5);

        // Exactly one result per distinct order on the order-results topic itself.
        List<ConsumerRecord<byte[], byte[]>> written = Topics.readCommitted(surge.node.bootstrapServers(),
                "order-results", acceptedIds.size(), Duration.ofSeconds(30));
        Map<String, Integer> perOrder = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : written) {
            perOrder.merge(new String(record.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        for (String id : acceptedIds) {
            assertThat(perOrder.get(id)).as("results of " + id).isEqualTo(1);
        }
    }

    private static final AtomicInteger replayed = new AtomicInteger();

    private static void buy(Purchase purchase, int attempts, Map<String, OrderResult> results) throws Exception {
        for (int attempt = 0; attempt < attempts; attempt++) {
            HttpResponse<String> res = surge.postJson("/v1/orders",
                    Map.of("user_id", "buyer-" + purchase.idempotencyKey().substring(0, 8),
                            "item_id", purchase.item(), "quantity", 1),
                    "Idempotency-Key", purchase.idempotencyKey());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            if (res.headers().firstValue("Idempotent-Replayed").isPresent()) {
                replayed.incrementAndGet();
            }
            String orderId = Json.MAPPER.readTree(res.body()).path("order_id").asText();
            synchronized (purchase) {
                purchase.orderIds().add(orderId);
            }
        }
        List<String> ids;
        synchronized (purchase) {
            ids = List.copyOf(Set.copyOf(purchase.orderIds()));
        }
        for (String orderId : ids) {
            HttpResponse<String> res = surge.get("/v1/orders/" + orderId + "?wait=30s");
            assertThat(res.statusCode()).as("result of " + orderId).isEqualTo(200);
            results.put(orderId, Json.MAPPER.readValue(res.body(), OrderResult.class));
        }
    }
}
