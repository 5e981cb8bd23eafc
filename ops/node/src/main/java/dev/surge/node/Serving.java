package dev.surge.node;

import dev.surge.config.SurgeConfig;
import dev.surge.node.kafka.LocalKafka;
import java.io.PrintStream;
import java.util.Locale;

/** {@code surge run}: one node in the foreground, until SIGTERM or SIGINT stops it gracefully. */
public final class Serving {

    private Serving() {
    }

    /** Starts a node of {@code config} and serves until stopped; returns once it has closed. */
    public static void run(SurgeConfig config, LocalKafka localKafka, PrintStream out) throws Exception {
        int port = config.http().port();
        if (port != 0 && !Ports.isFree(port)) {
            throw new IllegalArgumentException("port " + port + " is in use; set HTTP_PORT to another port");
        }
        int management = config.http().managementPort().orElse(0);
        if (management != 0 && !Ports.isFree(management)) {
            throw new IllegalArgumentException("port " + management + " is in use; set MANAGEMENT_PORT to another port");
        }
        // Before starting: a SIGTERM during startup must also end in a graceful stop, not a kill.
        StopSignal stop = StopSignal.install();
        SurgeNode node = SurgeNode.start(config, port == 0 ? Ports.anyFree() : port, localKafka);
        printBanner(node, out);
        untilStopped(stop, node, out, () -> { });
    }

    public static void printBanner(SurgeNode node, PrintStream out) {
        out.println();
        out.println("Surge is up (role " + node.config().role().name().toLowerCase(Locale.ROOT) + ")");
        out.println("  HTTP   " + node.baseUrl());
        out.println("  Manage " + node.managementUrl().map(url -> url + "/metrics, " + url
                        + "/health  (MANAGEMENT_PORT: keep it off the load balancer)")
                .orElse(node.baseUrl() + "/metrics, " + node.baseUrl() + "/health"
                        + (node.config().http().auth().enabled() ? "  (metrics and health details need an admin key)"
                        : "")));
        out.println("  Kafka  " + node.bootstrapServers()
                + (node.embeddedKafka() ? "  (embedded broker: kcat -b " + node.bootstrapServers() + " -L)" : ""));
        SurgeConfig config = node.config();
        if (config.role().runsIngress()) {
            out.println("  Edge   " + config.ingress().redis().url().map(url -> "Redis (rate limits, idempotency)")
                    .orElse("in-process rate limits and idempotency (one node; set REDIS_URL to share them)"));
            out.println("  Auth   " + (config.http().auth().enabled()
                    ? config.http().auth().keys().size() + " API key(s)"
                    : config.http().authDisabled() ? "off: AUTH_DISABLED=true, anyone who reaches the port may call it"
                    : "off: no API_KEYS, so HTTP listens on " + config.http().host() + " only (create a key with"
                            + " ./surge keys create --scopes ingest,read)"));
        }
        out.println();
    }

    /** Serves until SIGTERM or SIGINT, then stops gracefully and returns, so the process exits 0. */
    public static void untilStopped(StopSignal stop, SurgeNode node, PrintStream out, Runnable afterClose)
            throws InterruptedException {
        stop.await();
        out.println("Stopping: finishing requests in progress (up to "
                + node.config().http().drainTimeout().toSeconds() + " s)...");
        node.close();
        afterClose.run();
    }
}
