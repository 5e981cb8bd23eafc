package dev.surge.tools.dlq;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A replay's progress: a line with a bar and counts at most once a second while it runs, and one
 * at the end. Lines, not a redrawn bar: the output is as often a log or a pipe as a terminal.
 */
final class ReplayProgress {

    private static final int WIDTH = 20;
    private static final long EVERY_NANOS = 1_000_000_000L;

    private final String topic;
    private final String doneLabel;
    private final Map<TopicPartition, Long> from;
    private final Map<TopicPartition, Long> scanned;
    private final long total;
    private final PrintStream out;
    private long lastPrinted = System.nanoTime();

    /** The bar measures offsets read between {@code from} and {@code to}: the count of records is not known up front. */
    ReplayProgress(String topic, String doneLabel, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
                   PrintStream out) {
        this.topic = topic;
        this.doneLabel = doneLabel;
        this.from = from;
        this.scanned = new HashMap<>(from);
        this.total = from.keySet().stream().mapToLong(tp -> Math.max(0, to.get(tp) - from.get(tp))).sum();
        this.out = out;
    }

    void update(Map<TopicPartition, Long> scannedTo, long done, long left) {
        scanned.putAll(scannedTo);
        if (System.nanoTime() - lastPrinted >= EVERY_NANOS) {
            long read = scanned.entrySet().stream().mapToLong(e -> e.getValue() - from.get(e.getKey())).sum();
            print(total == 0 ? 1 : (double) read / total, done, left);
        }
    }

    void finish(long done, long left) {
        if (total > 0) {
            print(1, done, left);
        }
    }

    private void print(double fraction, long done, long left) {
        int filled = (int) Math.round(Math.min(1, fraction) * WIDTH);
        out.printf("  %s [%s%s] %3d%%  %s %d, left pending %d%n", topic, "#".repeat(filled), "-".repeat(WIDTH - filled),
                Math.round(Math.min(1, fraction) * 100), doneLabel, done, left);
        lastPrinted = System.nanoTime();
    }
}
