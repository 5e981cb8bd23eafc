package dev.surge.topology.events;

/**
 * The state stores of the events pipeline. The metric stores are window stores keyed by
 * {@link dev.surge.schemas.MetricKey#encode()} with {@link MetricValue} values; a window's start
 * is the UTC day (or hour) it counts. Interactive queries read them by these names.
 */
public final class EventStores {

    /** event_id → event_id, for the dedup window. */
    public static final String DEDUP = "event-dedup";
    /** Per UTC day, the event types and type:action pairs a partition counts by name, and how many. */
    public static final String DIMENSIONS = "event-dimensions";
    /** Daily windows (UTC midnight to midnight), kept METRICS_DAILY_RETENTION. */
    public static final String METRICS_DAILY = "metrics-daily-store";
    /** Hourly windows, kept METRICS_HOURLY_RETENTION. */
    public static final String METRICS_HOURLY = "metrics-hourly-store";

    private EventStores() {
    }
}
