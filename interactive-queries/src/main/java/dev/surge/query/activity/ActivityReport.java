package dev.surge.query.activity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/activity}: the last {@code window_seconds} of the order pipeline,
 * merged across every processor instance ({@link ActivityWindow} puts it together).
 *
 * @param until            the end of the window, excluded: the start of the second under way, which
 *                         is left out because it is not over
 * @param perSecond        first results per second, oldest first, every second of the window
 * @param decided          first results in the window
 * @param ordersPerSecond  {@code decided} over the window, to one decimal
 * @param results          first results by status (lower case), every status, zeros included
 * @param transitions      every move an open order can make, with how many made it
 * @param latencyMs        accept → decision, from the merged histogram of every instance
 * @param deadLetters      dead letters by source topic and reason, nonzero only, largest first
 * @param partial          true when an instance did not answer (absent otherwise)
 * @param missing          the instances that did not answer
 * @param latencyHistogram only between instances: the one asked takes percentiles of the sum of
 *                         the histograms, never an average of percentiles
 */
public record ActivityReport(
        int windowSeconds,
        Instant until,
        List<Second> perSecond,
        long decided,
        double ordersPerSecond,
        Map<String, Long> results,
        List<Transition> transitions,
        Latency latencyMs,
        List<DeadLetters> deadLetters,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missing,
        @JsonInclude(JsonInclude.Include.NON_NULL) LatencyHistogram latencyHistogram) {

    public ActivityReport {
        perSecond = perSecond == null ? List.of() : List.copyOf(perSecond);
        results = results == null ? Map.of() : results;
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
        deadLetters = deadLetters == null ? List.of() : List.copyOf(deadLetters);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** First results decided in the second starting {@code at}. */
    public record Second(Instant at, long decided) {
    }

    /** Open orders that moved from one status to another. */
    public record Transition(String from, String to, long count) {
    }

    /** Milliseconds from accept to decision; the percentiles and max are null when there were none. */
    public record Latency(long count, Double p50, Double p90, Double p99, Double max) {
    }

    /** Records of one source topic sent to its DLQ for one reason. */
    public record DeadLetters(String topic, String reason, long count) {
    }
}
