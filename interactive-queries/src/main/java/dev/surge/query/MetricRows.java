package dev.surge.query;

import java.util.List;

/** The body of a metrics answer, {@code {"rows": [...]}}: an object, so that fields can be added beside the rows. */
public record MetricRows<T>(List<T> rows) {

    public MetricRows {
        rows = List.copyOf(rows);
    }
}
