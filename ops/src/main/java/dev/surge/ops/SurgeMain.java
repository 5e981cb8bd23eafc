package dev.surge.ops;

import dev.surge.config.Role;
import dev.surge.config.SurgeConfig;
import dev.surge.ops.bench.BenchCommand;
import dev.surge.ops.demo.FlashSaleDemo;
import dev.surge.ops.dlq.DlqCommand;
import dev.surge.ops.lifecycle.ScratchDirectories;
import dev.surge.ops.reset.ResetCommand;
import dev.surge.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Entry point of surge.jar: {@code run}, {@code demo}, {@code keys}, {@code dlq}, {@code reset} and
 * {@code bench}. The ./surge script calls this.
 */
public final class SurgeMain {

    private SurgeMain() {
    }

    public static void main(String[] args) {
        selectLogFormat(System.getenv("LOG_FORMAT"));
        // Helidon logs through java.util.logging: one format and one config for every line.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String command = rest.isEmpty() ? "run" : rest.pop();
        try {
            int code = switch (command) {
                case "run" -> run(rest);
                case "demo" -> demo(rest);
                case "keys" -> KeysCommand.run(rest, System.out);
                case "dlq" -> DlqCommand.run(List.copyOf(rest), SurgeConfig.fromEnvironment(), System.out, System.err);
                case "reset" -> ResetCommand.run(List.copyOf(rest), SurgeConfig.fromEnvironment(), System.out, System.err);
                case "bench" -> BenchCommand.run(List.copyOf(rest), System.out, System.err);
                default -> throw new IllegalArgumentException("unknown command '" + command
                        + "' (run, demo, keys, dlq, reset, bench)");
            };
            System.exit(code);
        } catch (IllegalArgumentException e) {
            System.err.println("surge: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("surge: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /**
     * LOG_FORMAT=text picks the human-readable configuration; anything else keeps the JSON one.
     * Must run before the first logger is made, which is when logback reads its configuration.
     */
    static void selectLogFormat(String format) {
        if ("text".equalsIgnoreCase(format) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-text.xml");
        }
    }

    private static int run(Deque<String> args) throws Exception {
        String role = null;
        while (!args.isEmpty()) {
            String arg = args.pop();
            role = OptionValue.of("--role", arg, args);
            if (role == null) {
                throw new IllegalArgumentException("unknown option '" + arg + "' (run [--role all|ingress|processor])");
            }
        }
        // --role on the command line wins over ROLE in the environment.
        SurgeConfig config = SurgeConfig.fromEnvironment();
        if (role != null) {
            try {
                config = config.withRole(Role.parse(role));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--role " + e.getMessage());
            }
        }
        int port = config.http().port();
        if (port != 0 && !Ports.isFree(port)) {
            throw new IllegalArgumentException("port " + port + " is in use; set HTTP_PORT to another port");
        }
        // Before starting: a SIGTERM during startup must also end in a graceful stop, not a kill.
        StopSignal stop = StopSignal.install();
        SurgeNode node = SurgeNode.start(config, port == 0 ? Ports.anyFree() : port);
        printBanner(node);
        serveUntilStopped(stop, node, () -> { });
        return 0;
    }

    private static int demo(Deque<String> args) throws Exception {
        boolean exit = false;
        while (!args.isEmpty()) {
            String arg = args.pop();
            if (arg.equals("--exit")) {
                exit = true;
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "' (demo [--exit])");
            }
        }
        // A fresh broker and fresh state, unless the environment says otherwise: the demo's
        // figures then describe this run alone. Every buyer comes from 127.0.0.1, so a per-address
        // limit would only measure the demo itself; the per-user limit is what it shows.
        Path scratch = Files.createTempDirectory("surge-demo-");
        SurgeConfig config = SurgeConfig.fromEnvironment(Map.of(
                "EMBEDDED_KAFKA_DATA_DIR", scratch.resolve("kafka").toString(),
                "STATE_DIR", scratch.resolve("streams").toString(),
                "RATE_LIMIT_IP_MAX_REQUESTS", "0"));
        if (config.role() != Role.ALL) {
            throw new IllegalArgumentException("the demo runs role all (ROLE=" + config.role() + " is set)");
        }
        int port = config.http().port() != 0 && Ports.isFree(config.http().port())
                ? config.http().port() : Ports.anyFree();
        System.out.println("Starting Surge for the demo (embedded Kafka, exactly-once topology, HTTP)...");
        StopSignal stop = StopSignal.install();
        SurgeNode node = SurgeNode.start(config, port);
        printBanner(node);
        boolean ok;
        try (FlashSaleDemo demo = new FlashSaleDemo(node.baseUrl(), node.bootstrapServers(),
                Topics.withPrefix(config.kafka().topicPrefix()), System.out)) {
            ok = demo.runStandardSale();
        }
        printMonitoring(node, scratch);
        if (exit) {
            node.close();
            ScratchDirectories.deleteQuietly(scratch);
            return ok ? 0 : 1;
        }
        printTryIt(node);
        // The scratch directories go only after the broker and RocksDB have closed.
        serveUntilStopped(stop, node, () -> ScratchDirectories.deleteQuietly(scratch));
        return ok ? 0 : 1;
    }

    private static void printBanner(SurgeNode node) {
        System.out.println();
        System.out.println("Surge is up (role " + node.config().role().name().toLowerCase(Locale.ROOT) + ")");
        System.out.println("  HTTP   " + node.baseUrl());
        System.out.println("  Kafka  " + node.bootstrapServers()
                + (node.embeddedKafka() ? "  (embedded broker: kcat -b " + node.bootstrapServers() + " -L)" : ""));
        SurgeConfig config = node.config();
        if (config.role().runsIngress()) {
            System.out.println("  Edge   " + config.ingress().redis().url().map(url -> "Redis (rate limits, idempotency)")
                    .orElse("in-process rate limits and idempotency (one node; set REDIS_URL to share them)"));
            System.out.println("  Auth   " + (config.ingress().auth().enabled()
                    ? config.ingress().auth().keys().size() + " API key(s)"
                    : "off: no API_KEYS configured (create one with ./surge keys create --scopes ingest,read)"));
        }
        System.out.println();
    }

    private static void printTryIt(SurgeNode node) {
        String base = node.baseUrl();
        System.out.println();
        System.out.println("Try it (Ctrl-C stops Surge):");
        System.out.println("  curl -s -X POST " + base + "/v1/orders -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"user_id\":\"u1\",\"item_id\":\"sku-1\",\"quantity\":1}'");
        System.out.println("  curl -s '" + base + "/v1/orders/<order_id>?wait=5s'");
        System.out.println("  curl -s " + base + "/v1/inventory/sku-1");
        System.out.println("  curl -s -X POST " + base + "/v1/admin/inventory/sku-1/restock -H 'Content-Type: application/json' -d '{\"delta\":10}'");
        System.out.println("  curl -s -X POST " + base + "/v1/events -H 'Content-Type: application/json' \\");
        System.out.println("       -d '[{\"session_id\":\"s1\",\"user_id\":\"u1\",\"event_type\":\"page_view\",\"event_action\":\"view\"}]'");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        System.out.println("  curl -s '" + base + "/v1/metrics/daily?metric=active_users&from=" + today + "&to=" + today + "'");
        System.out.println("  curl -s '" + base + "/v1/metrics/daily/top?date=" + today + "&dimension_key=event_type'");
        System.out.println("  curl -s " + base + "/health");
        System.out.println("  kcat -b " + node.bootstrapServers() + " -C -t orders-dlq -f '%k %h %s\\n' -e");
        System.out.println("  kcat -b " + node.bootstrapServers() + " -C -t events-dlq -f '%k %h %s\\n' -e");
    }

    /**
     * Where the Prometheus and Grafana files are, and a Prometheus config for this very instance:
     * the repository's local one scrapes localhost:8080, which the demo may not have got.
     */
    private static void printMonitoring(SurgeNode node, Path scratch) throws IOException {
        Path ops = Path.of(System.getenv().getOrDefault("SURGE_HOME", ".")).toAbsolutePath().normalize().resolve("ops");
        Path alerts = ops.resolve("prometheus").resolve("alerts.yml");
        String target = "localhost:" + node.httpPort();
        Path config = ops.resolve("prometheus").resolve("prometheus-local.yml");
        if (node.httpPort() != 8080) {
            config = scratch.resolve("prometheus.yml");
            Files.writeString(config, """
                    # Written by ./surge demo for the instance it started; see ops/prometheus/prometheus-local.yml.
                    global:
                      scrape_interval: 5s
                      evaluation_interval: 5s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: surge
                        static_configs:
                          - targets: ["%s"]
                    """.formatted(alerts, target));
        }
        System.out.println();
        System.out.println("Monitoring (Prometheus text at " + node.baseUrl() + "/metrics; lag at " + node.baseUrl()
                + "/v1/lag):");
        System.out.println("  prometheus --config.file=" + config + " --web.listen-address=127.0.0.1:9090 \\");
        System.out.println("       --storage.tsdb.path=" + scratch.resolve("prometheus-data")
                + "      # then http://127.0.0.1:9090/alerts");
        System.out.println("  alert rules          " + alerts + "  (tests: " + alerts.resolveSibling("alerts_test.yml")
                .getFileName() + ")");
        System.out.println("  Grafana provisioning " + ops.resolve("grafana").resolve("provisioning")
                + "  (datasource uid prometheus, http://prometheus:9090)");
        System.out.println("  Grafana dashboards   " + ops.resolve("grafana").resolve("dashboards")
                + "  (ingress, processing, consumer lag, DLQ, inventory)");
        System.out.println("  the whole stack      docker-compose up  (Kafka, Redis, ingress x2, processor x2, Prometheus :9090, Grafana :3000)");
        System.out.println("  runbook              " + ops.resolveSibling("docs").resolve("runbook.md"));
    }

    /** Serves until SIGTERM or SIGINT, then stops gracefully and returns, so the process exits 0. */
    private static void serveUntilStopped(StopSignal stop, SurgeNode node, Runnable afterClose)
            throws InterruptedException {
        stop.await();
        System.out.println("Stopping: finishing requests in progress (up to "
                + node.config().ingress().drainTimeout().toSeconds() + " s)...");
        node.close();
        afterClose.run();
    }
}
