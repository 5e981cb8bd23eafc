package dev.surge.topology.events;

import dev.surge.schemas.Metric;

/**
 * Told what became of each valid event, for operators' counters. Called on a stream thread:
 * return quickly. Under exactly-once a record reprocessed after a crash is told twice; the
 * metrics themselves are exact, these counters are for dashboards.
 */
public interface EventOutcomes {

    EventOutcomes NONE = new EventOutcomes() {
    };

    /** Counted in its windows. */
    default void counted() {
    }

    /** Its event_id was seen within the dedup window: a retry, not counted again. */
    default void duplicate() {
    }

    /**
     * Its event_type (or its type:action pair) was over the day's cap of distinct values on its
     * partition: counted under {@code (other)}.
     */
    default void overCap(Metric.Dimension dimension) {
    }

    /** Its windows had closed: sent to the DLQ with reason LATE. */
    default void late() {
    }
}
