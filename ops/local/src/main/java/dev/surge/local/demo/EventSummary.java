package dev.surge.local.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What the event stream sent, and today's metrics as read back over HTTP next to the exact figures. */
record EventSummary(
        int batches, long eventsSent, long accepted, long refusedAtEdge, long failedBatches, long retriesSent,
        long lateSent, long lateDeadLettered, long lateCounted, long countedToday, long expectedToday, long activeUsers,
        long exactUsers, long activeSessions, long exactSessions, List<String> topEventTypes, Duration sending,
        Duration countedAfter) {

    boolean ok() {
        return countedToday == expectedToday && lateDeadLettered + lateCounted == lateSent && failedBatches == 0;
    }

    double eventsPerSecond() {
        return accepted / Math.max(0.001, sending.toMillis() / 1000.0);
    }

    void print(PrintStream out) {
        out.println();
        out.println("  Analytics events (metrics read back over HTTP)");
        out.println("  ─────────────────────────────────────────────────────────");
        out.printf(Locale.ROOT, "  %-52s %,10d%n", "events sent in " + batches + " batches", eventsSent);
        row(out, "accepted (202)", accepted);
        row(out, "refused at the edge (malformed, by index)", refusedAtEdge);
        if (failedBatches > 0) {
            row(out, "batches refused whole (not 202)", failedBatches);
        }
        row(out, "retries of events already sent (same event_id)", retriesSent);
        row(out, "sent two days late / in events-dlq as LATE", lateSent, lateDeadLettered);
        if (lateCounted > 0) {
            row(out, "late, but first on their partition: counted that day", lateCounted);
        }
        row(out, "events counted today / expected", countedToday, expectedToday);
        estimate(out, "active users today, estimate / exact", activeUsers, exactUsers);
        estimate(out, "active sessions today, estimate / exact", activeSessions, exactSessions);
        out.printf(Locale.ROOT, "  %-52s %10.0f events/s%n", "throughput (events accepted)", eventsPerSecond());
        out.printf(Locale.ROOT, "  %-52s %9.1f s%n", "all counted and queryable after", countedAfter.toMillis() / 1000.0);
        out.println("  top event types today: " + String.join(" · ", topEventTypes));
        out.println("  ─────────────────────────────────────────────────────────");
        out.println(ok()
                ? "  OK: every accepted event counted once, every late one in the DLQ or in its own day."
                : "  PROBLEM: the counts above do not match.");
    }

    private static void row(PrintStream out, String label, long value) {
        out.printf(Locale.ROOT, "  %-52s %,10d%n", label, value);
    }

    private static void row(PrintStream out, String label, long left, long right) {
        out.printf(Locale.ROOT, "  %-44s %,10d / %,d%n", label, left, right);
    }

    private static void estimate(PrintStream out, String label, long estimate, long exact) {
        double error = exact == 0 ? 0 : 100.0 * Math.abs(estimate - exact) / exact;
        out.printf(Locale.ROOT, "  %-44s %,10d / %,d (%.1f%%)%n", label, estimate, exact, error);
    }
}
