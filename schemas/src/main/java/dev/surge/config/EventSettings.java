package dev.surge.config;

import java.time.Duration;

/**
 * How analytics events are collected and turned into metrics.
 *
 * @param dedupWindow     an event_id seen again within this much event time is a retry, not a new event
 * @param grace           how long after a window's end its events are still counted; later ones are LATE
 * @param dailyRetention  how long daily metrics stay queryable (and in the window store)
 * @param hourlyRetention the same for hourly metrics
 * @param emitFinal       true: metrics topics get one row per window once it closes; false: every update
 * @param maxBatch        events in one POST /v1/events
 * @param maxEventBytes   one event's size as JSON
 * @param maxFuture       how far ahead of the receiver's clock an event's timestamp may be
 * @param maxQueryDays    the widest date range one metrics query may ask for
 */
public record EventSettings(
        Duration dedupWindow,
        Duration grace,
        Duration dailyRetention,
        Duration hourlyRetention,
        boolean emitFinal,
        int maxBatch,
        int maxEventBytes,
        Duration maxFuture,
        int maxQueryDays) {

    public static final Duration DAY = Duration.ofDays(1);
    public static final Duration HOUR = Duration.ofHours(1);
}
