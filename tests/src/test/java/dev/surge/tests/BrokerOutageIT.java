package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops under a running Surge and comes back on the same port and data. While it is
 * gone, orders get 503s, soon at once because the producer's breaker opened; once it is back, a
 * half-open probe closes the breaker, and every order that was ever answered 202 gets its result.
 */
class BrokerOutageIT {

    private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static RunningSurge surge;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        surge = new RunningSurge(dir.resolve("node"), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PRODUCE_TIMEOUT", "1s",
                "BREAKER_WINDOW", "10",
                "BREAKER_MINIMUM_CALLS", "3",
                "BREAKER_OPEN_BASE", "5s",
                "BREAKER_OPEN_MAX", "20s"));
    }

    @AfterAll
    static void stop() {
        if (surge != null) {
            surge.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static HttpResponse<String> order(int n) throws Exception {
        return surge.postJson("/v1/orders", Map.of("user_id", "u-" + n, "item_id", "sku-outage", "quantity", 1),
                "Idempotency-Key", "outage-" + n);
    }

    @Test
    void breakerOpensWhileTheBrokerIsGoneAndClosesWhenItIsBackWithNoAcceptedOrderLost() throws Exception {
        surge.stock("sku-outage", 1_000);
        List<String> accepted = new ArrayList<>();
        int n = 0;
        for (; n < 5; n++) {
            accepted.add(acceptedOrderId(order(n)));
        }

        int port = kafka.port();
        kafka.close();
        kafka = null;

        // Failures until the breaker opens: each one waits out the produce timeout at most.
        int refusals = 0;
        long fastestRefusalMs = Long.MAX_VALUE;
        String retryAfter = null;
        while (refusals < 20) {
            long start = System.nanoTime();
            HttpResponse<String> refused = order(n++);
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            refusals++;
            if (metric("gateway_circuit_breaker_state") == 1.0) {
                start = System.nanoTime();
                HttpResponse<String> open = order(n++);
                assertThat(open.statusCode()).isEqualTo(503);
                fastestRefusalMs = Math.min(fastestRefusalMs, Duration.ofNanos(System.nanoTime() - start).toMillis());
                retryAfter = open.headers().firstValue("Retry-After").orElse(null);
                break;
            }
        }
        assertThat(metric("gateway_circuit_breaker_state")).as("breaker open after %d refusals", refusals).isEqualTo(1.0);
        // Open: refused without waiting for the broker, and told when to come back.
        assertThat(fastestRefusalMs).isLessThan(PRODUCE_TIMEOUT.toMillis());
        assertThat(retryAfter).isNotNull();
        JsonNode health = Json.MAPPER.readTree(surge.get("/health").body());
        assertThat(health.path("components").path("circuit_breaker").path("status").asText()).isEqualTo("DOWN");
        assertThat(surge.get("/health/ready").statusCode()).isEqualTo(503);

        kafka = EmbeddedKafka.start(port, dir.resolve("kafka"));
        long back = System.nanoTime();

        // Back: a probe gets through once the open time is over, then the breaker closes.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String firstAfter = null;
        while (firstAfter == null && System.nanoTime() < deadline) {
            HttpResponse<String> response = order(n++);
            if (response.statusCode() == 202) {
                firstAfter = acceptedOrderId(response);
            } else {
                assertThat(response.statusCode()).isEqualTo(503);
                Thread.sleep(250);
            }
        }
        assertThat(firstAfter).as("an order accepted after the broker came back").isNotNull();
        accepted.add(firstAfter);
        System.out.printf("BrokerOutageIT: breaker open after %d refusals; open refusal in %d ms, Retry-After %s s;"
                + " first 202 %d ms after the broker returned%n", refusals, fastestRefusalMs, retryAfter,
                Duration.ofNanos(System.nanoTime() - back).toMillis());
        assertThat(metric("gateway_circuit_breaker_state")).isEqualTo(0.0);
        for (int i = 0; i < 5; i++) {
            accepted.add(acceptedOrderId(order(n++)));
        }

        // Nothing accepted is lost: each 202 ends with a result, once the topology caught up.
        for (String orderId : accepted) {
            assertThat(resultOf(orderId)).as("result of %s", orderId).isIn("RESERVED", "REJECTED");
        }
    }

    private static String acceptedOrderId(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("order_id").asText();
    }

    private static String resultOf(String orderId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> result = surge.get("/v1/orders/" + orderId + "?wait=10s");
            if (result.statusCode() == 200) {
                return Json.MAPPER.readTree(result.body()).path("status").asText();
            }
        }
        return "no result within 90 s";
    }

    private static double metric(String name) throws Exception {
        for (String line : surge.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
