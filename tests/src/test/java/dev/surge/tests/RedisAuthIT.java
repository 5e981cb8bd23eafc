package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.ingress.redis.RedisServerProcess;
import dev.surge.schemas.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ingress nodes on a redis-server that requires a password: the one given it in REDIS_URL keeps
 * its idempotency keys in Redis; the one given a wrong password says why in its health (degraded,
 * failing open) and neither node shows a password in /health or /metrics.
 */
class RedisAuthIT {

    private static final String PASSWORD = "edge-secret-3c9d41";
    private static final String WRONG = "wrong-secret-77ae02";

    @TempDir
    static Path dir;
    static RedisServerProcess redis;
    static RunningSurge right;
    static RunningSurge wrong;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServerProcess(PASSWORD);
        right = new RunningSurge(dir.resolve("right"), Map.of("ROLE", "ingress", "REDIS_URL", redis.url(":" + PASSWORD)));
        wrong = new RunningSurge(dir.resolve("wrong"), Map.of("ROLE", "ingress", "REDIS_URL", redis.url(":" + WRONG),
                "KAFKA_BOOTSTRAP_SERVERS", right.node.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {wrong, right, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Best effort: the next one still closes.
            }
        }
    }

    @Test
    void withThePasswordTheEdgeKeepsItsStateInRedis() throws Exception {
        assertThat(redisHealth(right, "UP").path("detail").asText()).isEqualTo("answers PING");
        Map<String, Object> order = Map.of("user_id", "u-auth", "item_id", "sku-auth", "quantity", 1);

        HttpResponse<String> first = right.postJson("/v1/orders", order, "Idempotency-Key", "auth-key-1");
        HttpResponse<String> again = right.postJson("/v1/orders", order, "Idempotency-Key", "auth-key-1");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(redis.command("DBSIZE")).as("the key and the limits live in Redis").isNotEqualTo(":0");
    }

    @Test
    void withAWrongPasswordHealthSaysWhyWithoutThePassword() throws Exception {
        JsonNode health = redisHealth(wrong, "DEGRADED");

        assertThat(health.path("detail").asText()).contains("WRONGPASS").contains("failing open");
        for (RunningSurge node : new RunningSurge[] {right, wrong}) {
            for (String path : new String[] {"/health", "/health/ready", "/metrics"}) {
                assertThat(node.get(path).body()).as(path).doesNotContain(PASSWORD).doesNotContain(WRONG);
            }
        }
    }

    /** The redis component once it shows {@code status} (a node may start before its first connect settles). */
    private static JsonNode redisHealth(RunningSurge node, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode component;
        do {
            component = Json.MAPPER.readTree(node.get("/health").body()).path("components").path("redis");
            if (component.path("status").asText().equals(status)) {
                return component;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("redis never " + status + ": " + component);
    }
}
