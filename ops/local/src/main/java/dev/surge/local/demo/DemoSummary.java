package dev.surge.local.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** What the demo saw, read back over HTTP and from the DLQ topic; printed as a table. */
record DemoSummary(
        long requestsSent, long accepted, Edge edge, long reserved, long soldOut, long rejected,
        long duplicates, long missingResults, long deadLettered, long unitsSupplied, long unitsReserved,
        long unitsOversold, Duration elapsed, double latencyP50Ms, double latencyP99Ms) {

    /**
     * What the ingress answered without the topology: retries replayed from the idempotency store,
     * refusals by the rate limiter, retries that overtook their first attempt, malformed bodies.
     */
    record Edge(long replayed, long rateLimited, long inFlight, long malformed, long otherRefusals) {
    }

    double ordersPerSecond() {
        return accepted / Math.max(0.001, elapsed.toMillis() / 1000.0);
    }

    void print(PrintStream out) {
        out.println();
        out.println("  Flash sale summary");
        out.println("  ─────────────────────────────────────────────────────────");
        row(out, "orders sent (HTTP POSTs, retries included)", requestsSent);
        row(out, "accepted (202, distinct orders)", accepted);
        row(out, "retries replayed at the edge (Idempotent-Replayed)", edge.replayed());
        row(out, "rate-limited (429, bots over 60/min)", edge.rateLimited());
        row(out, "retries while the first was in flight (409)", edge.inFlight());
        row(out, "refused at the edge (400, malformed)", edge.malformed());
        if (edge.otherRefusals() > 0) {
            row(out, "other refusals (503 and the like)", edge.otherRefusals());
        }
        row(out, "reserved", reserved);
        row(out, "sold out", soldOut);
        row(out, "rejected", rejected);
        row(out, "duplicates caught by the topology", duplicates);
        row(out, "accepted without a result", missingResults);
        row(out, "sent to DLQ (garbage written to Kafka)", deadLettered);
        row(out, "units supplied (SET + RESTOCK)", unitsSupplied);
        row(out, "units reserved", unitsReserved);
        row(out, "units oversold", unitsOversold);
        out.printf(Locale.ROOT, "  %-52s %10.0f orders/s%n", "throughput (accepted orders)", ordersPerSecond());
        out.printf(Locale.ROOT, "  %-52s %7.1f ms / %.1f ms%n", "latency accept → result visible, p50 / p99",
                latencyP50Ms, latencyP99Ms);
        out.printf(Locale.ROOT, "  %-52s %9.1f s%n", "elapsed", elapsed.toMillis() / 1000.0);
        out.println("  ─────────────────────────────────────────────────────────");
        out.println(unitsOversold == 0 && missingResults == 0
                ? "  OK: nothing oversold, every accepted order has its result."
                : "  PROBLEM: the invariants above do not hold.");
    }

    private static void row(PrintStream out, String label, long value) {
        out.printf(Locale.ROOT, "  %-52s %,10d%n", label, value);
    }
}
