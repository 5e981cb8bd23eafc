package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.http.Sha256;
import dev.surge.ingress.redis.RedisServerProcess;
import dev.surge.schemas.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Surge instances share one real redis-server and one embedded broker: A runs everything,
 * B and C only the ingress; A and B fail open when Redis goes, C fails closed. The edge state
 * (limits, idempotency keys) must hold across instances, and a Redis outage must degrade or
 * refuse as configured, never fail with a 500 or hang.
 */
class EdgeWithRedisIT {

    private static final int PER_USER = 4;

    @TempDir
    static Path dir;
    static RedisServerProcess redis;
    static RunningSurge a;
    static RunningSurge b;
    static RunningSurge c;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServerProcess();
        Map<String, String> edge = Map.of("REDIS_URL", redis.url(), "RATE_LIMIT_MAX_REQUESTS", Integer.toString(PER_USER));
        a = new RunningSurge(dir.resolve("a"), edge);
        Map<String, String> ingressOnly = new java.util.HashMap<>(edge);
        ingressOnly.put("ROLE", "ingress");
        ingressOnly.put("KAFKA_BOOTSTRAP_SERVERS", a.node.bootstrapServers());
        b = new RunningSurge(dir.resolve("b"), ingressOnly);
        ingressOnly.put("REDIS_FAILURE_MODE", "closed");
        c = new RunningSurge(dir.resolve("c"), ingressOnly);
        // A node starts even while Redis is not reachable yet (degraded, failing open): on a loaded
        // machine redis-server can take seconds, and the races below need the shared store.
        for (RunningSurge node : List.of(a, b, c)) {
            awaitRedisUp(node);
        }
    }

    private static void awaitRedisUp(RunningSurge node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status;
        do {
            status = Json.MAPPER.readTree(node.get("/health").body()).path("components").path("redis").path("status")
                    .asText();
            if (status.equals("UP")) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Redis never became UP in the node's health: " + status);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {c, b, a, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Best effort: the next resource still closes.
            }
        }
    }

    private static HttpResponse<String> order(RunningSurge via, String user, String idempotencyKey) throws Exception {
        Map<String, Object> body = Map.of("user_id", user, "item_id", "sku-edge", "quantity", 1);
        return idempotencyKey == null ? via.postJson("/v1/orders", body)
                : via.postJson("/v1/orders", body, "Idempotency-Key", idempotencyKey);
    }

    @Test
    void oneLimitIsSharedByTwoIngressInstances() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(order(i % 2 == 0 ? a : b, "u-shared", null).statusCode());
        }
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(PER_USER);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(10 - PER_USER);
    }

    @Test
    void concurrentRequestsWithOneKeyOnTwoInstancesPublishOnce() throws Exception {
        int clients = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                RunningSurge via = i % 2 == 0 ? a : b;
                String trace = "race-" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return via.postJson("/v1/orders", Map.of("user_id", "u-race", "item_id", "sku-edge",
                            "quantity", 1), "Idempotency-Key", "race-key", "X-Correlation-ID", trace);
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                int status = answer.get().statusCode();
                // 429 too: sixteen tries for one user are over the per-user limit, which is fine here.
                assertThat(status).isIn(202, 409, 429);
            }
        }
        // The key travels scoped by the caller (no keys here: "anonymous") and hashed.
        String scoped = "anonymous:" + Sha256.hex(Sha256.of("race-key"));
        List<ConsumerRecord<byte[], byte[]>> withKey = Topics.readCommitted(a.node.bootstrapServers(), "orders", 1,
                Duration.ofSeconds(10)).stream()
                .filter(r -> r.headers().lastHeader("idempotency_key") != null
                        && new String(r.headers().lastHeader("idempotency_key").value(), StandardCharsets.UTF_8)
                        .equals(scoped))
                .toList();
        assertThat(withKey).hasSize(1);
    }

    @Test
    void aRetryOnAnotherInstanceGetsTheFirstAnswer() throws Exception {
        HttpResponse<String> first = order(a, "u-retry", "retry-key");
        HttpResponse<String> retry = order(b, "u-retry", "retry-key");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.body()).isEqualTo(first.body());
    }

    @Test
    void redisStoppedMidTestDegradesOrRefusesAsConfiguredThenRecovers() throws Exception {
        assertThat(order(a, "u-outage-0", null).statusCode()).isEqualTo(202);
        redis.stop();
        try {
            // Fail open (A, B): orders still go through, health says degraded but ready.
            for (RunningSurge open : List.of(a, b)) {
                HttpResponse<String> passed = order(open, "u-outage-1", "outage-" + open.node.httpPort());
                assertThat(passed.statusCode()).isEqualTo(202);
                JsonNode health = health(open, "/health/ready", 200);
                assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
                assertThat(health.path("components").path("redis").path("status").asText()).isEqualTo("DEGRADED");
            }
            // Fail closed (C): a 503 with Retry-After, and not ready.
            HttpResponse<String> refused = order(c, "u-outage-2", null);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(health(c, "/health/ready", 503).path("components").path("redis").path("status").asText())
                    .isEqualTo("DOWN");
            assertThat(a.get("/metrics").body()).contains("gateway_edge_store_failures_total");
        } finally {
            redis.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (c.get("/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(health(c, "/health/ready", 200).path("components").path("redis").path("status").asText())
                .isEqualTo("UP");
        assertThat(order(c, "u-outage-3", null).statusCode()).isEqualTo(202);
    }

    private static JsonNode health(RunningSurge node, String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = node.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return Json.MAPPER.readTree(response.body());
    }
}
