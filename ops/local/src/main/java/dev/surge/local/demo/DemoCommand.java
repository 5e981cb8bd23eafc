package dev.surge.local.demo;

import dev.surge.config.Role;
import dev.surge.config.SurgeConfig;
import dev.surge.local.EmbeddedKafka;
import dev.surge.node.Ports;
import dev.surge.node.Serving;
import dev.surge.node.StopSignal;
import dev.surge.node.SurgeNode;
import dev.surge.node.lifecycle.ScratchDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code surge demo}: Surge on a fresh embedded broker, a flash sale and event stream against it
 * over HTTP at the chosen pace, then (unless {@code --exit}) the instance keeps serving for the
 * user to try. The console's URL comes first, so that a person can open it before the sale starts.
 */
public final class DemoCommand {

    private DemoCommand() {
    }

    /** How long a stopped demo waits for its buyers and readers to leave before Surge closes under them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /**
     * @param exit stop once the sale is over instead of serving on; the exit code says whether it held
     * @param pace watch (minutes, for a person) or fast (seconds, for the figures and for scripts)
     */
    public static int run(boolean exit, DemoPace pace) throws Exception {
        Path scratch = Files.createTempDirectory("surge-demo-");
        SurgeConfig config = SurgeConfig.fromEnvironment(settings(scratch));
        if (config.role() != Role.ALL) {
            throw new IllegalArgumentException("the demo runs role all (ROLE=" + config.role() + " is set)");
        }
        if (!config.orders().reservationsExpire()) {
            throw new IllegalArgumentException("the demo's buyers who walk away need holds that expire"
                    + " (RESERVATION_TTL=0 is set)");
        }
        int port = config.http().port() != 0 && Ports.isFree(config.http().port())
                ? config.http().port() : Ports.anyFree();
        System.out.println("Starting Surge for the demo (embedded Kafka, exactly-once topology, HTTP)...");
        StopSignal stop = StopSignal.install();
        SurgeNode node = SurgeNode.start(config, port, EmbeddedKafka.FOR_NODE);
        System.out.println(consoleLine(console(node), pace));
        long consoleShown = System.nanoTime();
        Serving.printBanner(node, System.out);
        Boolean ok;
        try (FlashSaleDemo demo = new FlashSaleDemo(node.baseUrl(), node.bootstrapServers(),
                config.topics(), config.orders(), System.out)) {
            ok = stop.await(pace.countdown().minusNanos(System.nanoTime() - consoleShown)) ? null
                    : runUnlessStopped(demo, pace, stop);
        }
        if (ok == null) {
            // Ctrl-C before the sale was over: no summary to print, nothing proven for a script.
            System.out.println("Stopping: the demo was interrupted before its summary...");
            node.close();
            ScratchDirectories.deleteQuietly(scratch);
            return exit ? 1 : 0;
        }
        printMonitoring(node, scratch);
        if (exit) {
            node.close();
            ScratchDirectories.deleteQuietly(scratch);
            return ok ? 0 : 1;
        }
        printTryIt(node);
        // The scratch directories go only after the broker and RocksDB have closed.
        Serving.untilStopped(stop, node, System.out, () -> ScratchDirectories.deleteQuietly(scratch));
        return ok ? 0 : 1;
    }

    /** Where the node serves the live console. */
    static String console(SurgeNode node) {
        return node.baseUrl() + "/console/";
    }

    /** The first line once Surge is up: the console, and whether there is time to open it. */
    static String consoleLine(String console, DemoPace pace) {
        return "Console  " + console + "  " + (pace.countdown().isPositive()
                ? "(open it now: the sale starts in " + FlashSaleDemo.human(pace.countdown()) + ")"
                : "(the sale runs at full speed; --watch paces it to follow there)");
    }

    /**
     * The demo on a thread of its own, so that Ctrl-C can stop a sale that takes minutes: the
     * thread is interrupted (buyers and senders stop at their next order or batch) and given a
     * moment to leave. Returns whether every check held, or null when stopped first.
     */
    private static Boolean runUnlessStopped(FlashSaleDemo demo, DemoPace pace, StopSignal stop) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("demo").daemon().factory());
        try {
            Future<Boolean> sale = runner.submit(() -> demo.run(pace));
            while (!stop.await(Duration.ofMillis(200))) {
                if (sale.isDone()) {
                    return sale.get();
                }
            }
            sale.cancel(true);
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            runner.shutdownNow();
            runner.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A fresh broker and fresh state, unless the environment says otherwise: the demo's figures
     * then describe this run alone. Every buyer comes from 127.0.0.1, so a per-address limit would
     * only measure the demo itself; the per-user limit is what it shows. Holds and places in line
     * last seconds rather than minutes, so that the sale's checkout ends while one watches; a hold
     * lasts ten times the longest a payer waits, so that on a busy machine too paid means CONFIRMED.
     */
    static Map<String, String> settings(Path scratch) {
        return Map.of(
                "RESERVATION_TTL", "10s",
                "WAITLIST_TTL", "20s",
                "EMBEDDED_KAFKA_DATA_DIR", scratch.resolve("kafka").toString(),
                "STATE_DIR", scratch.resolve("streams").toString(),
                // Without API keys: on this machine only (see OpenAccess).
                "HTTP_HOST", "127.0.0.1",
                "RATE_LIMIT_IP_MAX_REQUESTS", "0",
                // Its 64 readers long-poll from one address at once.
                "HTTP_MAX_WAITS_PER_KEY", "1000");
    }

    private static void printTryIt(SurgeNode node) {
        String base = node.baseUrl();
        System.out.println();
        System.out.println("Try it (Ctrl-C stops Surge):");
        System.out.println("  " + console(node) + "      # the console, in a browser");
        System.out.println("  curl -s -X POST " + base + "/v1/orders -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"user_id\":\"u1\",\"item_id\":\"sku-1\",\"quantity\":1}'");
        System.out.println("  curl -s '" + base + "/v1/orders/<order_id>?wait=5s'");
        System.out.println("  curl -s -X POST " + base + "/v1/orders/<order_id>/confirm      # or /cancel; a hold lasts "
                + FlashSaleDemo.human(node.config().orders().reservationTtl()));
        System.out.println("  curl -s -X POST " + base + "/v1/orders -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"user_id\":\"u2\",\"item_id\":\"sku-1\",\"quantity\":1,\"waitlist\":true}'"
                + "      # sold out: waits in line");
        System.out.println("  curl -s " + base + "/v1/inventory/sku-1");
        System.out.println("  curl -s -X POST " + base + "/v1/admin/inventory/sku-1/restock -H 'Content-Type: application/json' -d '{\"delta\":10}'");
        System.out.println("  curl -s -X POST " + base + "/v1/events -H 'Content-Type: application/json' \\");
        System.out.println("       -d '[{\"session_id\":\"s1\",\"user_id\":\"u1\",\"event_type\":\"page_view\",\"event_action\":\"view\"}]'");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        System.out.println("  curl -s '" + base + "/v1/metrics/daily?metric=active_users&from=" + today + "&to=" + today + "'");
        System.out.println("  curl -s '" + base + "/v1/metrics/daily/top?date=" + today + "&dimension_key=event_type'");
        System.out.println("  curl -s " + node.monitoringUrl() + "/health");
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
        // The management port when MANAGEMENT_PORT is set: /metrics is served there only.
        String target = node.monitoringUrl().substring("http://".length());
        Path config = ops.resolve("prometheus").resolve("prometheus-local.yml");
        if (!target.equals("localhost:8080")) {
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
        System.out.println("Monitoring (Prometheus text at " + node.monitoringUrl() + "/metrics; lag at "
                + node.baseUrl() + "/v1/lag):");
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
}
