package dev.surge.local.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the demo saw, from two witnesses: order-results (every status change, as the watcher read
 * it) and Surge's HTTP API (each order read back, each item's stock); printed as a table.
 */
record DemoSummary(
        long requestsSent, long accepted, Edge edge, Orders orders, Checkout.Calls checkout, Stock stock,
        long deadLettered, Duration elapsed, Duration saleOver, double latencyP50Ms, double latencyP99Ms) {

    /**
     * What the ingress answered without the topology: retries replayed from the idempotency store,
     * refusals by the rate limiter, retries that overtook their first attempt, malformed bodies.
     */
    record Edge(long replayed, long rateLimited, long inFlight, long malformed, long otherRefusals) {
    }

    /**
     * Where the accepted orders went. Each ends in exactly one of confirmed, cancelled, expired,
     * sold out, waitlist expired, rejected or duplicate; {@code reserved} counts the orders that held
     * units at some point (at once or from the line), {@code waitlisted} those that waited in line.
     *
     * @param stillOpen          RESERVED or WAITLISTED when the sale ended: must be 0
     * @param readBackDisagrees  orders whose result read over HTTP is not their last on order-results
     */
    record Orders(long reserved, long confirmed, long cancelled, long expired, long waitlisted,
                  long servedFromWaitlist, long waitlistExpired, long soldOut, long rejected, long duplicates,
                  long missingResults, long stillOpen, long readBackDisagrees) {

        long ended() {
            return confirmed + cancelled + expired + soldOut + waitlistExpired + rejected + duplicates;
        }
    }

    /**
     * Units, summed over the items, from the results and from GET /v1/inventory at the end.
     *
     * @param itemsNotAddingUp items whose inventory at the end has available + confirmed ≠ supplied,
     *                         or confirmed ≠ the units of their CONFIRMED results
     * @param oversold         the most units oversold by either witness: CONFIRMED results above
     *                         supply, or reserved + confirmed above supplied in any inventory answer
     */
    record Stock(long supplied, long confirmedByResults, long confirmedByInventory, long heldAtEnd,
                 long waitingAtEnd, long availableAtEnd, long itemsNotAddingUp, long oversold, long samples) {
    }

    double ordersPerSecond() {
        return accepted / Math.max(0.001, elapsed.toMillis() / 1000.0);
    }

    /** Every invariant the demo promises; what the summary's last line and the exit status say. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (stock.oversold() > 0) {
            problems.add(stock.oversold() + " units oversold");
        }
        if (orders.missingResults() > 0) {
            problems.add(orders.missingResults() + " accepted orders without a result");
        }
        if (orders.stillOpen() > 0) {
            problems.add(orders.stillOpen() + " orders still open");
        }
        if (orders.readBackDisagrees() > 0) {
            problems.add(orders.readBackDisagrees() + " orders read back unlike their last result");
        }
        if (stock.heldAtEnd() > 0 || stock.waitingAtEnd() > 0) {
            problems.add(stock.heldAtEnd() + " units held and " + stock.waitingAtEnd() + " orders waiting at the end");
        }
        if (stock.confirmedByResults() != stock.confirmedByInventory() || stock.itemsNotAddingUp() > 0) {
            problems.add(stock.itemsNotAddingUp() + " items whose stock does not add up");
        }
        return problems;
    }

    boolean ok() {
        return problems().isEmpty();
    }

    void print(PrintStream out) {
        out.println();
        out.println("  Flash sale summary");
        out.println("  ─────────────────────────────────────────────────────────────────");
        row(out, "orders sent (HTTP POSTs, retries included)", requestsSent);
        row(out, "accepted (202, distinct orders)", accepted);
        row(out, "retries replayed at the edge (Idempotent-Replayed)", edge.replayed());
        row(out, "rate-limited (429, bots over 60/min)", edge.rateLimited());
        row(out, "retries while the first was in flight (409)", edge.inFlight());
        row(out, "refused at the edge (400, malformed)", edge.malformed());
        if (edge.otherRefusals() > 0) {
            row(out, "other refusals (503 and the like)", edge.otherRefusals());
        }
        row(out, "reserved (held units at some point)", orders.reserved());
        row(out, "  confirmed (paid)", orders.confirmed());
        row(out, "  cancelled", orders.cancelled());
        row(out, "  expired (walked away)", orders.expired());
        row(out, "waitlisted (sold out, waited in line)", orders.waitlisted());
        row(out, "  waitlisted then served (RESERVED, FROM_WAITLIST)", orders.servedFromWaitlist());
        row(out, "  waitlist expired (SOLD_OUT, WAITLIST_EXPIRED)", orders.waitlistExpired());
        row(out, "sold out", orders.soldOut());
        row(out, "rejected", orders.rejected());
        row(out, "duplicates caught by the topology", orders.duplicates());
        row(out, "accepted without a result", orders.missingResults());
        row(out, "still open at the end (RESERVED or WAITLISTED)", orders.stillOpen());
        row(out, "read back over HTTP unlike the last result", orders.readBackDisagrees());
        pair(out, "confirms / cancels sent (buyers who paid / cancelled)", checkout.confirmsSent(),
                checkout.cancelsSent());
        row(out, "  asked again: order-status table behind (404, 409)", checkout.retriedBehind());
        row(out, "confirm / cancel answers not 200" + (checkout.notOk() == 0 ? "" : " (see below)"),
                checkout.notOk());
        if (checkout.notOk() > 0) {
            out.printf(Locale.ROOT, "    %s%n", checkout.notOkDetail());
        }
        out.printf(Locale.ROOT, "  %-58s %7.1f ms / %.1f ms%n", "hold → confirmed or cancelled (200), p50 / p99",
                checkout.holdToDecisionP50Ms(), checkout.holdToDecisionP99Ms());
        row(out, "sent to DLQ (garbage written to Kafka)", deadLettered);
        row(out, "units supplied (SET + RESTOCK)", stock.supplied());
        pair(out, "units confirmed (CONFIRMED results / inventory)", stock.confirmedByResults(),
                stock.confirmedByInventory());
        row(out, "units available at the end (+ confirmed = supplied)", stock.availableAtEnd());
        row(out, "units held at the end (inventory reserved)", stock.heldAtEnd());
        row(out, "orders in line at the end (inventory waitlisted)", stock.waitingAtEnd());
        row(out, "units oversold (results, " + stock.samples() + " inventory samples)", stock.oversold());
        out.printf(Locale.ROOT, "  %-58s %10.0f orders/s%n", "throughput (accepted orders)", ordersPerSecond());
        out.printf(Locale.ROOT, "  %-58s %7.1f ms / %.1f ms%n", "latency accept → first result visible, p50 / p99",
                latencyP50Ms, latencyP99Ms);
        out.printf(Locale.ROOT, "  %-58s %9.1f s%n", "every order decided after", elapsed.toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  %-58s %9.1f s%n", "every order ended after", saleOver.toMillis() / 1000.0);
        out.println("  ─────────────────────────────────────────────────────────────────");
        List<String> problems = problems();
        out.println(problems.isEmpty()
                ? "  OK: nothing oversold, every accepted order ended, nothing held or waiting at the end,"
                        + " and results and inventory agree on the units sold."
                : "  PROBLEM: " + String.join("; ", problems) + ".");
    }

    private static void row(PrintStream out, String label, long value) {
        out.printf(Locale.ROOT, "  %-58s %,10d%n", label, value);
    }

    private static void pair(PrintStream out, String label, long first, long second) {
        // Right-aligned with the single figures: a long pair takes its room from the label's.
        String figures = String.format(Locale.ROOT, "%,d / %,d", first, second);
        int labelWidth = 58 - Math.max(0, figures.length() - 10);
        out.printf(Locale.ROOT, "  %-" + labelWidth + "s %10s%n", label, figures);
    }
}
