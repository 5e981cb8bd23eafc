package dev.surge.schemas;

import java.time.LocalDate;

/**
 * One row of daily_metrics for a UTC day (schemas/daily-metric.schema.json); the record on
 * {@code metrics-daily}, keyed by {@link #key()} so that a JDBC or ClickHouse sink can upsert it.
 */
public record DailyMetric(LocalDate date, String metricName, String dimensionKey, String dimensionValue, long value) {

    public static DailyMetric of(LocalDate date, MetricKey key, long value) {
        return new DailyMetric(date, key.metricName(), key.dimensionKey(), key.dimensionValue(), value);
    }

    /** "2026-11-21|events|event_type|page_view". */
    public String key() {
        return date + "|" + new MetricKey(metricName, dimensionKey, dimensionValue).encode();
    }
}
