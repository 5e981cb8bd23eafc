package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with API keys and MANAGEMENT_PORT: /metrics and detailed /health on the management port
 * only; on the API port health without details and /v1/lag for admin keys and watched groups only.
 * Last, the broker stops, and health and lag still answer at once: no request waits on Kafka.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagementPortIT {

    private static final NewKey READ = ApiKeyGenerator.create("dashboard", Set.of(Scope.READ));
    private static final NewKey ADMIN = ApiKeyGenerator.create("ops", EnumSet.of(Scope.ADMIN, Scope.READ));
    /** What "at once" means on a loaded 2-core box; a request that waits on the broker takes 2 s or more. */
    private static final Duration PROMPT = Duration.ofMillis(1_500);

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static RunningSurge surge;
    static String management;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        surge = new RunningSurge(dir.resolve("node"), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "API_KEYS", READ.configEntry() + ";" + ADMIN.configEntry(),
                "MANAGEMENT_PORT", Integer.toString(RunningSurge.freePort()),
                "MONITOR_INTERVAL", "1s"));
        management = surge.node.managementUrl().orElse(surge.node.baseUrl());
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

    @Test
    @Order(1)
    void theManagementPortServesMetricsAndHealthWithItsDetails() throws Exception {
        assertThat(surge.node.managementUrl()).as("the node says where its management port is").isPresent();
        HttpResponse<String> metrics = get(management + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("process_uptime_seconds").contains("gateway_circuit_breaker_state");
        for (String path : List.of("/health", "/health/ready")) {
            HttpResponse<String> health = get(management + path);
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            JsonNode components = Json.MAPPER.readTree(health.body()).path("components");
            assertThat(components.path("kafka").path("detail").asText()).as(path).contains("broker(s)");
            assertThat(components.path("redis").path("detail").asText()).as(path).isNotEmpty();
        }
        assertThat(get(management + "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(management + "/v1/inventory/sku-1", "X-API-Key", READ.key()).statusCode())
                .as("the API is not served on the management port").isEqualTo(404);
    }

    @Test
    @Order(2)
    void theApiPortHasNoMetricsAndItsHealthHasNoDetailsButForAdmin() throws Exception {
        assertThat(surge.get("/metrics").statusCode()).as("no key").isEqualTo(401);
        assertThat(get(surge.url("/metrics"), "X-API-Key", READ.key()).statusCode()).as("read key").isEqualTo(403);
        assertThat(get(surge.url("/metrics"), "X-API-Key", ADMIN.key()).statusCode()).as("admin key: not here")
                .isEqualTo(404);

        for (String path : List.of("/health", "/health/ready")) {
            HttpResponse<String> anonymous = surge.get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(anonymous.body());
            assertThat(body.path("status").asText()).as(path).isEqualTo("UP");
            assertThat(body.has("components")).as(path + ": " + anonymous.body()).isFalse();
            assertThat(Json.MAPPER.readTree(get(surge.url(path), "X-API-Key", READ.key()).body()).has("components"))
                    .as(path + " with a read key").isFalse();
        }
        JsonNode forAdmin = Json.MAPPER.readTree(get(surge.url("/health"), "X-API-Key", ADMIN.key()).body());
        assertThat(forAdmin.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(3)
    void lagIsForAdminKeysAndTheWatchedGroupsOnly() throws Exception {
        assertThat(surge.get("/v1/lag").statusCode()).as("no key").isEqualTo(401);
        assertThat(get(surge.url("/v1/lag"), "X-API-Key", READ.key()).statusCode()).as("read key").isEqualTo(403);
        HttpResponse<String> lag = awaitLag();
        JsonNode report = Json.MAPPER.readTree(lag.body());
        assertThat(report.path("groups").valueStream().map(g -> g.path("group").asText()).toList())
                .containsExactly("surge", "surge-dlq");
        assertThat(report.path("age_seconds").asDouble()).isLessThan(30);

        HttpResponse<String> unknown = get(surge.url("/v1/lag?group=someone-elses-group"), "X-API-Key", ADMIN.key());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(unknown.body()).path("details").get(0).path("field").asText()).isEqualTo("group");
    }

    /**
     * Many probes, dashboards and lag calls at once while the broker is gone: each answers within
     * {@link #PROMPT}, from the last measurement, rather than queueing behind describe calls that
     * each wait out their timeout.
     */
    @Test
    @Order(4)
    void healthAndLagAnswerAtOnceWhileTheBrokerIsGone() throws Exception {
        awaitLag();
        int port = kafka.port();
        kafka.close();
        kafka = null;
        // Long enough for any answer cached from before to expire: what follows would ask the broker.
        Thread.sleep(1_500);

        List<Callable<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> timed(surge.url("/health/ready"), "X-API-Key", ADMIN.key()));
            calls.add(() -> timed(surge.url("/v1/lag"), "X-API-Key", ADMIN.key()));
            calls.add(() -> timed(surge.url("/health/live")));
        }
        List<Long> millis = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            for (Future<Long> call : pool.invokeAll(calls)) {
                millis.add(call.get());
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("ManagementPortIT: %d concurrent health/lag calls with the broker gone took %s ms%n",
                millis.size(), millis);
        assertThat(millis).as("ms per call").allSatisfy(ms -> assertThat(ms).isLessThan(PROMPT.toMillis()));

        kafka = EmbeddedKafka.start(port, dir.resolve("kafka"));
    }

    /** The first lag reading, once the schedule has measured. */
    private static HttpResponse<String> awaitLag() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> lag = get(surge.url("/v1/lag"), "X-API-Key", ADMIN.key());
            if (lag.statusCode() == 200 || System.nanoTime() > deadline) {
                assertThat(lag.statusCode()).as(lag.body()).isEqualTo(200);
                return lag;
            }
            Thread.sleep(200);
        }
    }

    private static long timed(String url, String... headers) throws Exception {
        long start = System.nanoTime();
        int status = get(url, headers).statusCode();
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(status).as(url).isIn(200, 503);
        return ms;
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return surge.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
