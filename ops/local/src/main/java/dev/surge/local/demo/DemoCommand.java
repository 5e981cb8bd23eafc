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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * {@code surge demo}: Surge on a fresh embedded broker, the standard flash sale and event stream
 * against it over HTTP, then (unless {@code --exit}) the instance keeps serving for the user to try.
 */
public final class DemoCommand {

    private DemoCommand() {
    }

    /** @param exit stop once the sale is over instead of serving on; the exit code says whether it held */
    public static int run(boolean exit) throws Exception {
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
        Serving.printBanner(node, System.out);
        boolean ok;
        try (FlashSaleDemo demo = new FlashSaleDemo(node.baseUrl(), node.bootstrapServers(),
                config.topics(), config.orders(), System.out)) {
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
        Serving.untilStopped(stop, node, System.out, () -> ScratchDirectories.deleteQuietly(scratch));
        return ok ? 0 : 1;
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
