package dev.surge.topology.events;

import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.Metric;

/**
 * A valid, first-seen event on its way to the metric windows. {@code hourOpen} is false when the
 * event's hour had already closed although its day had not: it counts in the day only.
 * {@code eventType} and {@code typeAction} are the values it counts under: its own, or
 * {@code (other)} where its partition had reached the day's cap ({@link DimensionCaps}).
 */
record CountedEvent(AnalyticsEvent event, boolean hourOpen, String eventType, String typeAction) {

    /** Counted under its own names: no cap applies. */
    CountedEvent(AnalyticsEvent event, boolean hourOpen) {
        this(event, hourOpen, Metric.Dimension.EVENT_TYPE.valueOf(event),
                Metric.Dimension.EVENT_TYPE_ACTION.valueOf(event));
    }

    String valueOf(Metric.Dimension dimension) {
        return switch (dimension) {
            case ALL -> Metric.Dimension.ALL.valueOf(event);
            case EVENT_TYPE -> eventType;
            case EVENT_TYPE_ACTION -> typeAction;
        };
    }
}
