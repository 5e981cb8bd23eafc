package dev.surge.topology.events;

import dev.surge.schemas.AnalyticsEvent;

/**
 * A valid, first-seen event on its way to the metric windows. {@code hourOpen} is false when the
 * event's hour had already closed although its day had not: it counts in the day only.
 */
record CountedEvent(AnalyticsEvent event, boolean hourOpen) {
}
