package dev.surge.query.activity;

import static dev.surge.query.activity.SaleActivity.WINDOW_SECONDS;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * A minute of activity, of one instance or merged from several, put together for one answer and
 * then turned into its {@link ActivityReport}. Not thread-safe: it lives within one request.
 *
 * <p>Labels are strings, not enums, so that an instance of a newer version (a status or reason this
 * one does not know yet, during a rolling upgrade) still adds its counts rather than failing.
 */
public final class ActivityWindow {

    /** Longer latencies are counted as an hour: a backlog that old is an outage, not a percentile. */
    static final long HIGHEST_MILLIS = Duration.ofHours(1).toMillis();
    /** 1% resolution (exact below 256 ms): enough for a chart, and ~2,000 counters a histogram. */
    static final int SIGNIFICANT_DIGITS = 2;

    private static final OrderStatus[] STATUSES = OrderStatus.values();
    private static final DlqRecord.Reason[] REASONS = DlqRecord.Reason.values();
    private static final Comparator<Map.Entry<DeadLetter, Long>> LARGEST_FIRST =
            Map.Entry.<DeadLetter, Long>comparingByValue().reversed()
                    .thenComparing(entry -> entry.getKey().topic())
                    .thenComparing(entry -> entry.getKey().reason());

    private record Move(String from, String to) {
    }

    private record DeadLetter(String topic, String reason) {
    }

    private final long until;
    /** First results per second, oldest first. */
    private final long[] perSecond = new long[WINDOW_SECONDS];
    private final Map<String, Long> results = new LinkedHashMap<>();
    private final Map<Move, Long> transitions = new LinkedHashMap<>();
    private final Map<DeadLetter, Long> deadLetters = new HashMap<>();
    /** Shaped as the slots' histograms, whose sum it takes counter by counter (the fast way). */
    private final Histogram latency = new Histogram(HIGHEST_MILLIS, SIGNIFICANT_DIGITS);

    /** An empty window ending (excluded) at {@code until}: every status and move, at zero. */
    ActivityWindow(Instant until) {
        this.until = until.getEpochSecond();
        // Another instance's histogram is added whatever range it was made with.
        latency.setAutoResize(true);
        for (OrderStatus status : STATUSES) {
            results.put(label(status), 0L);
        }
        for (OrderStatus from : STATUSES) {
            from.movesTo().forEach(to -> transitions.put(new Move(label(from), label(to)), 0L));
        }
    }

    /** The end of the window, excluded. */
    public Instant until() {
        return Instant.ofEpochSecond(until);
    }

    /**
     * Adds one second of one instance's counts, indexed as {@link SaleActivity} keeps them.
     *
     * @param moves       by status before × status after
     * @param deadLetters by source topic (as {@code topics}) × reason
     */
    void addSecond(long second, long[] results, long[] moves, long[] deadLetters, List<String> topics,
                   AbstractHistogram latency) {
        long decided = 0;
        for (int i = 0; i < results.length; i++) {
            this.results.merge(label(STATUSES[i]), results[i], Long::sum);
            decided += results[i];
        }
        addAt(second, decided);
        for (int i = 0; i < moves.length; i++) {
            if (moves[i] != 0) {
                transitions.merge(new Move(label(STATUSES[i / STATUSES.length]), label(STATUSES[i % STATUSES.length])),
                        moves[i], Long::sum);
            }
        }
        for (int i = 0; i < deadLetters.length; i++) {
            if (deadLetters[i] != 0) {
                DeadLetter key = new DeadLetter(topics.get(i / REASONS.length), REASONS[i % REASONS.length].name());
                this.deadLetters.merge(key, deadLetters[i], Long::sum);
            }
        }
        this.latency.add(latency);
    }

    /**
     * Adds another instance's answer. Its totals are its own last minute; its seconds go where they
     * fall in this window: with instances' clocks in step (NTP) they are the same seconds, and a
     * second of skew only moves one second's count out of the chart, not out of the totals.
     */
    public void add(ActivityReport other) {
        other.perSecond().forEach(second -> addAt(second.at().getEpochSecond(), second.decided()));
        other.results().forEach((status, count) -> results.merge(status, count, Long::sum));
        other.transitions().forEach(move -> transitions.merge(new Move(move.from(), move.to()), move.count(),
                Long::sum));
        other.deadLetters().forEach(letters -> deadLetters.merge(new DeadLetter(letters.topic(), letters.reason()),
                letters.count(), Long::sum));
        if (other.latencyHistogram() != null) {
            latency.add(other.latencyHistogram().histogram());
        }
    }

    /**
     * @param missing   instances that did not answer: the report says it is partial
     * @param histogram whether to ship the latency histogram, for the instance that merges
     */
    public ActivityReport report(List<String> missing, boolean histogram) {
        List<ActivityReport.Second> seconds = new ArrayList<>(WINDOW_SECONDS);
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            seconds.add(new ActivityReport.Second(Instant.ofEpochSecond(until - WINDOW_SECONDS + i), perSecond[i]));
        }
        long decided = results.values().stream().mapToLong(Long::longValue).sum();
        List<ActivityReport.Transition> moves = transitions.entrySet().stream()
                .map(e -> new ActivityReport.Transition(e.getKey().from(), e.getKey().to(), e.getValue())).toList();
        List<ActivityReport.DeadLetters> letters = deadLetters.entrySet().stream()
                .filter(e -> e.getValue() != 0).sorted(LARGEST_FIRST)
                .map(e -> new ActivityReport.DeadLetters(e.getKey().topic(), e.getKey().reason(), e.getValue()))
                .toList();
        return new ActivityReport(WINDOW_SECONDS, until(), seconds, decided,
                Math.round(decided * 10.0 / WINDOW_SECONDS) / 10.0, new LinkedHashMap<>(results), moves, latency(),
                letters, missing.isEmpty() ? null : Boolean.TRUE, missing,
                histogram ? new LatencyHistogram(latency.copy()) : null);
    }

    private ActivityReport.Latency latency() {
        long count = latency.getTotalCount();
        if (count == 0) {
            return new ActivityReport.Latency(0, null, null, null, null);
        }
        // Whole milliseconds as HdrHistogram gives them: the highest value of the percentile's bucket.
        return new ActivityReport.Latency(count, (double) latency.getValueAtPercentile(50),
                (double) latency.getValueAtPercentile(90), (double) latency.getValueAtPercentile(99),
                (double) latency.getMaxValue());
    }

    private void addAt(long second, long decided) {
        long index = second - (until - WINDOW_SECONDS);
        if (index >= 0 && index < WINDOW_SECONDS) {
            perSecond[(int) index] += decided;
        }
    }

    private static String label(OrderStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
