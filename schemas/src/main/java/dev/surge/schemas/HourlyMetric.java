package dev.surge.schemas;

import java.time.Instant;

/** As {@link DailyMetric} for one UTC hour, {@code hour} being its start; the record on {@code metrics-hourly}. */
public record HourlyMetric(Instant hour, String metricName, String dimensionKey, String dimensionValue, long value) {

    public static HourlyMetric of(Instant hour, MetricKey key, long value) {
        return new HourlyMetric(hour, key.metricName(), key.dimensionKey(), key.dimensionValue(), value);
    }

    /** "2026-11-21T14:00:00Z|events|event_type|page_view". */
    public String key() {
        return hour + "|" + new MetricKey(metricName, dimensionKey, dimensionValue).encode();
    }
}
