package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring assets against a running Surge (role all, embedded broker): every metric the
 * alert rules and Grafana dashboards query is on {@code GET /metrics} once orders, events and bad
 * records have gone through; and the real {@code prometheus} binary scrapes Surge and evaluates
 * every alert rule without error. Without a {@code prometheus} the second test fails and says
 * how to install it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {

    private static final String ITEM = "mon-item";
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static RunningSurge surge;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        // GET /v1/lag serves the last measurement: a fresh one every 2 s.
        surge = new RunningSurge(dir.resolve("surge"), Map.of("MONITOR_INTERVAL", "2s"));
    }

    @AfterAll
    static void stop() {
        if (surge != null) {
            surge.close();
        }
    }

    @Test
    @Order(1)
    void everyMetricTheAlertsAndDashboardsQueryIsExported() throws Exception {
        traffic();
        SortedSet<String> wanted = MonitoringAssets.metricsSurgeMustExport();
        assertThat(wanted).isNotEmpty();

        // Gauges computed in the background (lag, DLQ backlog) come after their first pass: poll.
        SortedSet<String> exported = new TreeSet<>();
        SortedSet<String> missing = new TreeSet<>(wanted);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            HttpResponse<String> scrape = surge.get("/metrics");
            assertThat(scrape.statusCode()).as("GET /metrics").isEqualTo(200);
            exported = MonitoringAssets.exportedNames(scrape.body());
            missing.removeAll(exported);
            if (!missing.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, SortedSet<String>> where = MonitoringAssets.referencedMetrics();
            SortedSet<String> found = exported;
            String report = missing.stream()
                    .map(name -> "  " + name + "   (queried in " + String.join(", ", where.get(name)) + ")"
                            + similar(name, found))
                    .collect(Collectors.joining("\n"));
            fail(missing.size() + " of " + wanted.size() + " metrics queried by ops/prometheus/alerts.yml or"
                    + " ops/grafana/dashboards are not exported by GET /metrics:\n" + report
                    + "\n\nexported (" + exported.size() + "): " + exported);
        }
    }

    @Test
    @Order(2)
    void prometheusScrapesSurgeAndEvaluatesEveryAlertRule() throws Exception {
        Path prometheus = RequiredProgram.find("prometheus", "prometheus");
        Path alerts = MonitoringAssets.alertsFile().toAbsolutePath().normalize();
        List<String> alertNames = MonitoringAssets.alertNames(MonitoringAssets.read(alerts));
        int surgePort = URI.create(surge.node.baseUrl()).getPort();
        int port = RunningSurge.freePort();
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: surge
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(alerts.toString().replace("'", "''"), surgePort));
        Path log = home.resolve("prometheus.log");
        Process process = new ProcessBuilder(prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String api = "http://127.0.0.1:" + port + "/api/v1/";
        try {
            JsonNode target = await("the surge target up", log, process, () -> {
                for (JsonNode t : getJson(api + "targets?state=active").path("data").path("activeTargets")) {
                    if ("surge".equals(t.path("labels").path("job").asText()) && "up".equals(t.path("health").asText())) {
                        return t;
                    }
                }
                return null;
            });
            assertThat(target.path("scrapeUrl").asText()).isEqualTo("http://127.0.0.1:" + surgePort + "/metrics");

            List<String> evaluated = new ArrayList<>();
            List<String> unhealthy = new ArrayList<>();
            await("every alert rule evaluated without error", log, process, () -> {
                evaluated.clear();
                unhealthy.clear();
                for (JsonNode group : getJson(api + "rules").path("data").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        String name = group.path("name").asText() + "/" + rule.path("name").asText();
                        boolean done = !rule.path("lastEvaluation").asText("0001-").startsWith("0001-");
                        if (done && "ok".equals(rule.path("health").asText())) {
                            evaluated.add(rule.path("name").asText());
                        } else {
                            unhealthy.add(name + ": health " + rule.path("health").asText() + ", lastEvaluation "
                                    + rule.path("lastEvaluation").asText() + ", " + rule.path("lastError").asText(""));
                        }
                    }
                }
                return unhealthy.isEmpty() && evaluated.size() == alertNames.size() ? evaluated : null;
            }, () -> "not yet ok: " + unhealthy + "; ok: " + evaluated);
            assertThat(evaluated).containsExactlyInAnyOrderElementsOf(alertNames);

            // Every dashboard query runs on a real Prometheus (Grafana's $__rate_interval stands in as 1m).
            List<String> failed = new ArrayList<>();
            for (Map.Entry<Path, List<String>> dashboard
                    : MonitoringAssets.dashboardExpressions(MonitoringAssets.dashboardsDir()).entrySet()) {
                for (String expr : dashboard.getValue()) {
                    String query = expr.replace("$__rate_interval", "1m").replace("$__interval", "15s")
                            .replace("$__range", "1h");
                    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(api + "query"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (res.statusCode() != 200) {
                        failed.add(dashboard.getKey().getFileName() + ": " + expr + " -> " + res.body());
                    }
                }
            }
            assertThat(failed).as("dashboard queries Prometheus refused").isEmpty();
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Orders (reserved, sold out, invalid, replayed), events (counted, refused) and bad records to both DLQs. */
    @Test
    @Order(3)
    void lagIsServedForSurgesGroupsAndNoOthers() throws Exception {
        HttpResponse<String> response = surge.get("/v1/lag");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode groups = Json.MAPPER.readTree(response.body()).path("groups");
        assertThat(groups.findValuesAsText("group")).contains("surge", "surge-dlq");
        JsonNode streams = groups.get(0);
        assertThat(streams.path("group").asText()).isEqualTo("surge");
        // The traffic above has been processed: every order partition the group committed to is caught up.
        assertThat(streams.path("partitions").findValuesAsText("topic")).contains("orders");
        assertThat(streams.path("lag").asLong()).isGreaterThanOrEqualTo(0);

        // Only the watched groups: a caller cannot make Surge name another group to Kafka.
        HttpResponse<String> unknown = surge.get("/v1/lag?group=nobody-here");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("'nobody-here' is not a watched consumer group");
    }

    private static void traffic() throws Exception {
        surge.stock(ITEM, 2);
        List<String> placed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> accepted = surge.postJson("/v1/orders",
                    Map.of("user_id", "mon-u" + i, "item_id", ITEM, "quantity", 1), "Idempotency-Key", "mon-key-" + i);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();
            assertThat(surge.get("/v1/orders/" + id + "?wait=20s").statusCode()).as("result of " + id).isEqualTo(200);
            placed.add(id);
        }
        // A client retry, answered from the idempotency store, and an order that breaks the schema.
        assertThat(surge.postJson("/v1/orders", Map.of("user_id", "mon-u1", "item_id", ITEM, "quantity", 1),
                "Idempotency-Key", "mon-key-1").statusCode()).isEqualTo(202);
        assertThat(surge.postJson("/v1/orders", Map.of("user_id", "mon-u9", "item_id", ITEM, "quantity", 0))
                .statusCode()).isEqualTo(400);

        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        String events = "[" + event("mon-e1", "mon-s1", at) + "," + event("mon-e2", "mon-s2", at)
                + ",{\"event_id\":\"mon-bad\",\"session_id\":\"mon-s1\"}]";
        HttpResponse<String> batch = surge.post("/v1/events", events.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);

        // Records any producer could write: not JSON at all, so each goes to its DLQ.
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("orders", ITEM, "not json"));
            producer.send(new ProducerRecord<>("events", "mon-s3", "{broken"));
            // A payment service giving a reservation up, twice: one transition, one command without effect.
            String cancel = "{\"order_id\":\"" + placed.getFirst() + "\",\"item_id\":\"" + ITEM
                    + "\",\"type\":\"CANCEL\"}";
            producer.send(new ProducerRecord<>("order-commands", ITEM, cancel));
            producer.send(new ProducerRecord<>("order-commands", ITEM, cancel));
            producer.flush();
        }
        long cancelDeadline = System.nanoTime() + SETTLE.toNanos();
        while (!surge.get("/v1/orders/" + placed.getFirst()).body().contains("\"CANCELLED\"")) {
            assertThat(System.nanoTime()).as("the cancel reached the order").isLessThan(cancelDeadline);
            Thread.sleep(200);
        }
        assertThat(Topics.readCommitted(surge.node.bootstrapServers(), "orders-dlq", 1, SETTLE)).isNotEmpty();
        assertThat(Topics.readCommitted(surge.node.bootstrapServers(), "events-dlq", 1, SETTLE)).isNotEmpty();
    }

    private static String event(String id, String session, Instant at) {
        return "{\"event_id\":\"" + id + "\",\"session_id\":\"" + session + "\",\"user_id\":\"mon-u1\","
                + "\"event_type\":\"page_view\",\"event_action\":\"view\",\"timestamp\":\"" + at + "\"}";
    }

    /** Exported names that look like a missing one (same first two words), to spot a renamed or unsuffixed meter. */
    private static String similar(String name, SortedSet<String> exported) {
        String[] words = name.split("_");
        String prefix = words.length >= 2 ? words[0] + "_" + words[1] + "_" : name;
        List<String> close = exported.stream().filter(n -> n.startsWith(prefix)).limit(8).toList();
        return close.isEmpty() ? "" : "  exported with that prefix: " + close;
    }

    private JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return res.statusCode() == 200 ? Json.MAPPER.readTree(res.body()) : Json.MAPPER.createObjectNode();
    }

    private <T> T await(String what, Path log, Process process, Check<T> check) throws Exception {
        return await(what, log, process, check, () -> "");
    }

    /** Polls until check answers non-null; fails with the state and Prometheus's log after 60 s or if it exits. */
    private <T> T await(String what, Path log, Process process, Check<T> check, Supplier<String> state)
            throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("prometheus exited " + process.exitValue() + " before " + what + ":\n" + Files.readString(log));
            }
            T result;
            try {
                result = check.get();
            } catch (IOException e) {
                result = null; // not listening yet
            }
            if (result != null) {
                return result;
            }
            Thread.sleep(500);
        }
        return fail("no " + what + " within " + SETTLE.toSeconds() + " s. " + state.get() + "\nprometheus log:\n"
                + Files.readString(log));
    }

    @FunctionalInterface
    private interface Check<T> {
        T get() throws IOException, InterruptedException;
    }
}
