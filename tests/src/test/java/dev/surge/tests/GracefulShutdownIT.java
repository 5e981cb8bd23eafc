package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real artifact ({@code ops/tools/target/surge.jar}) in its own process, stopped with SIGTERM under
 * load: readiness turns 503 first, the request in progress finishes, the process exits 0, and every
 * order it answered 202 is on the {@code orders} topic. Its log lines are JSON with the request's
 * correlation id. The broker lives in this JVM, so it outlasts the process it serves.
 */
class GracefulShutdownIT {

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void sigtermDrainsThenExitsZeroWithEveryAcceptedOrderOnKafka() throws Exception {
        Path log = dir.resolve("surge.log");
        SurgeProcess instance = SurgeProcess.start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "STATE_DIR", dir.resolve("streams").toString(),
                "TOPIC_PARTITIONS", "3",
                "RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "0"), log);
        Process surge = instance.process();
        String base = instance.base();
        try {
            instance.awaitReady(Duration.ofSeconds(90));
            HttpResponse<String> traced = post(base, 0, "trace-shutdown-1");
            assertThat(traced.statusCode()).isEqualTo(202);

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> sendUntilRefused(base, accepted, stop));
            // A long poll for an order that does not exist: in progress when the signal comes.
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/v1/orders/no-such-order?wait=4s")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1_000);

            surge.destroy(); // SIGTERM
            long signalled = System.nanoTime();
            boolean sawDraining = false;
            while (surge.isAlive() && !inFlight.isDone()) {
                try {
                    sawDraining |= get(base + "/health/ready").statusCode() == 503;
                } catch (IOException e) {
                    // A pooled connection the server closed; the next try opens a new one.
                }
                Thread.sleep(50);
            }
            assertThat(sawDraining).as("readiness answered 503 while draining; alive %s, long poll done %s, log:%n%s",
                    surge.isAlive(), inFlight.isDone(), instance.tail()).isTrue();
            assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).as("the long poll ran to its end").isEqualTo(404);
            assertThat(surge.waitFor(40, TimeUnit.SECONDS)).as("exited within the drain timeout").isTrue();
            assertThat(surge.exitValue()).as(instance.tail()).isZero();
            long exitMs = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
            stop.set(true);
            load.get(10, TimeUnit.SECONDS);

            accepted.add(Json.MAPPER.readTree(traced.body()).path("order_id").asText());
            Set<String> onKafka = Topics.readCommitted(kafka.bootstrapServers(), "orders", accepted.size(),
                            Duration.ofSeconds(20)).stream()
                    .map(r -> orderId(r.value()))
                    .collect(Collectors.toSet());
            assertThat(accepted).hasSizeGreaterThan(1);
            assertThat(onKafka).containsAll(accepted);
            System.out.printf("GracefulShutdownIT: %d orders accepted, all on Kafka; exit 0 %d ms after SIGTERM%n",
                    accepted.size(), exitMs);

            assertJsonLogs(log);
        } finally {
            instance.close();
        }
    }

    /** Orders as fast as one client goes, until the instance refuses (503) or is gone. */
    private void sendUntilRefused(String base, Set<String> accepted, AtomicBoolean stop) {
        for (int n = 1; !stop.get(); n++) {
            try {
                HttpResponse<String> response = post(base, n, null);
                if (response.statusCode() == 202) {
                    accepted.add(Json.MAPPER.readTree(response.body()).path("order_id").asText());
                } else if (response.statusCode() == 503) {
                    return;
                } else {
                    throw new AssertionError("unexpected " + response.statusCode() + ": " + response.body());
                }
            } catch (ConnectException e) {
                return;
            } catch (IOException e) {
                // The connection closed under us as the server stopped: no answer, so nothing was promised.
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private HttpResponse<String> post(String base, int n, String correlationId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user_id\":\"u-" + n + "\",\"item_id\":\"sku-stop\",\"quantity\":1}"));
        if (correlationId != null) {
            request.header("X-Correlation-ID", correlationId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonLogs(Path log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(line -> assertThat(line.has("timestamp") && line.has("level")
                && line.has("logger") && line.has("message") && line.path("service").asText().equals("surge")).isTrue());
        assertThat(lines).filteredOn(line -> line.path("correlation_id").asText().equals("trace-shutdown-1"))
                .anySatisfy(line -> {
                    assertThat(line.path("event").asText()).isEqualTo("http.request");
                    assertThat(line.path("status").asInt()).isEqualTo(202);
                    assertThat(line.has("duration_ms")).isTrue();
                });
    }

    private static String orderId(byte[] value) {
        try {
            return Json.MAPPER.readTree(value).path("order_id").asText();
        } catch (IOException e) {
            return "";
        }
    }
}
