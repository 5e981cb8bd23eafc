package dev.surge.schemas;

import java.util.List;
import java.util.Optional;

/**
 * The daily metrics Surge computes from events, with the dimensions each is broken down by.
 * Counts are exact; distinct counts are HyperLogLog estimates.
 */
public enum Metric {

    EVENTS("events", false, List.of(Dimension.ALL, Dimension.EVENT_TYPE, Dimension.EVENT_TYPE_ACTION)),
    ACTIVE_USERS("active_users", true, List.of(Dimension.ALL, Dimension.EVENT_TYPE)),
    ACTIVE_SESSIONS("active_sessions", true, List.of(Dimension.ALL));

    private final String wireName;
    private final boolean distinct;
    private final List<Dimension> dimensions;

    Metric(String wireName, boolean distinct, List<Dimension> dimensions) {
        this.wireName = wireName;
        this.distinct = distinct;
        this.dimensions = dimensions;
    }

    /** The metric_name on the wire and in queries. */
    public String wireName() {
        return wireName;
    }

    /** True for distinct counts (users, sessions), false for plain counts. */
    public boolean distinct() {
        return distinct;
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public static Optional<Metric> byName(String name) {
        for (Metric metric : values()) {
            if (metric.wireName.equals(name)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    /** A way to break a metric down; {@link #ALL} is the total, with dimension_value "all". */
    public enum Dimension {
        ALL("all"), EVENT_TYPE("event_type"), EVENT_TYPE_ACTION("event_type:event_action");

        private final String wireName;

        Dimension(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** This dimension's value for an event. */
        public String valueOf(AnalyticsEvent event) {
            return switch (this) {
                case ALL -> "all";
                case EVENT_TYPE -> event.eventType();
                case EVENT_TYPE_ACTION -> event.eventType() + ":" + event.eventAction();
            };
        }

        public static Optional<Dimension> byName(String name) {
            for (Dimension dimension : values()) {
                if (dimension.wireName.equals(name)) {
                    return Optional.of(dimension);
                }
            }
            return Optional.empty();
        }
    }
}
