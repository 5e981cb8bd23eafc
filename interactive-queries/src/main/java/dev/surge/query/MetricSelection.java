package dev.surge.query;

import dev.surge.schemas.Metric;
import dev.surge.schemas.MetricKey;

/**
 * Which metric rows a query asks for: one metric broken down by one of its dimensions, and either
 * one value of that dimension or every value ({@code value} null). The total ({@link Metric.Dimension#ALL})
 * has the one value "all", so it is always a single row key.
 */
public record MetricSelection(Metric metric, Metric.Dimension dimension, String value) {

    public MetricSelection {
        if (!metric.dimensions().contains(dimension)) {
            throw new IllegalArgumentException(metric.wireName() + " has no dimension " + dimension.wireName());
        }
        if (dimension == Metric.Dimension.ALL) {
            if (value != null && !value.equals("all")) {
                throw new IllegalArgumentException("the dimension all has the one value 'all', not '" + value + "'");
            }
            value = "all";
        }
    }

    /** Every value of the dimension. */
    public static MetricSelection every(Metric metric, Metric.Dimension dimension) {
        return new MetricSelection(metric, dimension, null);
    }

    public boolean oneValue() {
        return value != null;
    }

    /** The key of the one value's rows; only when {@link #oneValue()}. */
    public MetricKey key() {
        return MetricKey.of(metric, dimension, value);
    }

    /** What every store key of this metric and dimension starts with. */
    public String prefix() {
        return MetricKey.prefix(metric.wireName(), dimension.wireName());
    }
}
