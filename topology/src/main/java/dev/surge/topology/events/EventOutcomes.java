package dev.surge.topology.events;

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

    /** Its windows had closed: sent to the DLQ with reason LATE. */
    default void late() {
    }
}
