package dev.surge.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.surge.topology.TraceEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code GET /v1/trace/{correlation_id}}: what became of each record that carried the
 * id, oldest first, at most {@link #MAX_ENTRIES} of them ({@code truncated} says when there were
 * more). Gathered from several instances, it also says which did not answer ({@code partial},
 * {@code missing}), and so does an instance whose partitions of the trace stores are not ready.
 */
public record TraceAnswer(
        String correlationId,
        List<TraceEntry> entries,
        boolean truncated,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missing) {

    /**
     * One id is carried by many records when a client reuses it, and an events batch gives its
     * one id to each of its (up to EVENTS_MAX_BATCH) events: an answer holds this many, no more.
     */
    public static final int MAX_ENTRIES = 1000;

    /** The order of an answer: when processed, then where read. */
    static final Comparator<TraceEntry> OLDEST_FIRST = Comparator.comparing(TraceEntry::processedAt)
            .thenComparing(TraceEntry::topic).thenComparingInt(TraceEntry::partition)
            .thenComparingLong(TraceEntry::offset);

    public TraceAnswer {
        entries = List.copyOf(entries);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /**
     * The first {@link #MAX_ENTRIES} of {@code entries} in order.
     *
     * @param truncated whether entries were left out before these were gathered
     * @param missing   instances, or partitions of an instance, whose entries are not in
     */
    static TraceAnswer of(String correlationId, Collection<TraceEntry> entries, boolean truncated,
                          Collection<String> missing) {
        List<TraceEntry> sorted = entries.stream().sorted(OLDEST_FIRST).limit(MAX_ENTRIES).toList();
        List<String> absent = new ArrayList<>(new LinkedHashSet<>(missing));
        return new TraceAnswer(correlationId, sorted, truncated || entries.size() > MAX_ENTRIES,
                absent.isEmpty() ? null : Boolean.TRUE, absent);
    }

    /** This instance's answer merged with the other instances' ({@code unanswered}: those that gave none). */
    static TraceAnswer merge(TraceAnswer local, List<TraceAnswer> others, List<String> unanswered) {
        List<TraceEntry> entries = new ArrayList<>(local.entries());
        boolean truncated = local.truncated();
        Set<String> missing = new LinkedHashSet<>(local.missing());
        for (TraceAnswer other : others) {
            entries.addAll(other.entries());
            truncated |= other.truncated();
            missing.addAll(other.missing());
        }
        missing.addAll(unanswered);
        return of(local.correlationId(), entries, truncated, missing);
    }
}
