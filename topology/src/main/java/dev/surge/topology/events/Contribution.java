package dev.surge.topology.events;

/**
 * What one event adds to one metric row: the member it counts for a distinct count (a user or
 * session id; empty for plain counts), and whether its hour is still open as well as its day.
 * Travels keyed by the row's {@link dev.surge.schemas.MetricKey} through the repartition topic.
 */
record Contribution(String member, boolean hourOpen) {

    /** The member of a plain count. Ids are never empty (the schema's patterns), so this cannot be one. */
    static final String NO_MEMBER = "";

    /** A distinct count's contribution names its member; a plain count's does not. */
    boolean distinct() {
        return !member.isEmpty();
    }
}
