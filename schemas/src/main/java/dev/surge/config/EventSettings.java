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
 * @param maxEventTypes   distinct event_type values one events partition counts by name per UTC day;
 *                        beyond it they count as {@code (other)}
 * @param maxEventActions the same for event_type:event_action pairs, beyond it {@code <type>:(other)}
 * @param maxConcurrentBatches POST /v1/events bodies one instance reads at once; more get 503
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
        int maxQueryDays,
        int maxEventTypes,
        int maxEventActions,
        int maxConcurrentBatches) {

    public static final Duration DAY = Duration.ofDays(1);
    public static final Duration HOUR = Duration.ofHours(1);
    /** The dimension value of what is over a cap; the event schema's names cannot spell it. */
    public static final String OTHER = "(other)";
}
