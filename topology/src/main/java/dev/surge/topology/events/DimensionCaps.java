package dev.surge.topology.events;

import dev.surge.config.EventSettings;
import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.Metric;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Bounds what free-text names can cost. event_type and event_action are the client's to choose,
 * and each new value adds metric rows, an 8 KiB sketch among them, for every day and hour kept.
 * So each events partition names at most METRICS_MAX_EVENT_TYPES types and
 * METRICS_MAX_EVENT_ACTIONS type:action pairs per UTC day, first come first named; the rest
 * count under {@code (other)} (a pair of a named type under {@code <type>:(other)}), and
 * {@link EventOutcomes#overCap} tells the operators.
 *
 * <p>The cap is per partition: with P partitions a day holds at most P times the cap of names,
 * and a name refused on one partition may be counted by name on another. The store holds one
 * entry per admitted name and one count per dimension, in daily windows that expire with
 * METRICS_DAILY_RETENTION.
 */
final class DimensionCaps {

    private static final String TYPES = "types";
    private static final String PAIRS = "pairs";

    private final WindowStore<String, Long> store;
    private final int maxTypes;
    private final int maxPairs;
    private final EventOutcomes outcomes;

    DimensionCaps(WindowStore<String, Long> store, EventSettings settings, EventOutcomes outcomes) {
        this.store = store;
        this.maxTypes = settings.maxEventTypes();
        this.maxPairs = settings.maxEventActions();
        this.outcomes = outcomes;
    }

    /** The event, with the names it counts under on the day that starts at {@code dayStart}. */
    CountedEvent count(AnalyticsEvent event, boolean hourOpen, long dayStart) {
        String type = event.eventType();
        if (!admitted(TYPES, type, maxTypes, dayStart)) {
            outcomes.overCap(Metric.Dimension.EVENT_TYPE);
            return new CountedEvent(event, hourOpen, EventSettings.OTHER, EventSettings.OTHER);
        }
        String pair = Metric.Dimension.EVENT_TYPE_ACTION.valueOf(event);
        if (!admitted(PAIRS, pair, maxPairs, dayStart)) {
            outcomes.overCap(Metric.Dimension.EVENT_TYPE_ACTION);
            return new CountedEvent(event, hourOpen, type, type + ":" + EventSettings.OTHER);
        }
        return new CountedEvent(event, hourOpen, type, pair);
    }

    /** Whether {@code name} is counted by name that day: named before, or a place is left for it. */
    private boolean admitted(String dimension, String name, int cap, long dayStart) {
        String member = dimension + "|" + name;
        if (store.fetch(member, dayStart) != null) {
            return true;
        }
        // Names are [A-Za-z0-9_.-]: none holds "#" or "|", so no name is taken for the count.
        String countKey = dimension + "#";
        Long named = store.fetch(countKey, dayStart);
        long count = named == null ? 0 : named;
        if (count >= cap) {
            return false;
        }
        store.put(member, 1L, dayStart);
        store.put(countKey, count + 1, dayStart);
        return true;
    }
}
