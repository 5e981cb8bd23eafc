package dev.surge.schemas;

/**
 * What one metric row counts, without its time: "events|event_type|page_view". This is the key
 * events are aggregated under and the tail of the metrics topics' keys. Event types and actions
 * cannot contain '|' (the schema's pattern), so the text splits back unambiguously.
 */
public record MetricKey(String metricName, String dimensionKey, String dimensionValue) {

    public static final char SEPARATOR = '|';

    public static MetricKey of(Metric metric, Metric.Dimension dimension, String value) {
        return new MetricKey(metric.wireName(), dimension.wireName(), value);
    }

    public String encode() {
        return metricName + SEPARATOR + dimensionKey + SEPARATOR + dimensionValue;
    }

    /** Every key of one metric and dimension starts with this. */
    public static String prefix(String metricName, String dimensionKey) {
        return metricName + SEPARATOR + dimensionKey + SEPARATOR;
    }

    public static MetricKey decode(String text) {
        String[] parts = text.split("\\|", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a metric key: '" + text + "'");
        }
        return new MetricKey(parts[0], parts[1], parts[2]);
    }
}
