package dev.surge.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of a metrics answer, {@code {"rows": [...]}}. Gathered from several instances, it also
 * says when one of them did not answer: {@code "partial": true} and who was {@code missing}; and
 * {@code "truncated": true} when an instance had more rows than one answer may carry.
 */
public record MetricRows<T>(
        List<T> rows,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missing,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean truncated) {

    public MetricRows {
        rows = List.copyOf(rows);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    public MetricRows(List<T> rows) {
        this(rows, null, List.of(), null);
    }

    MetricRows(List<T> rows, boolean truncated) {
        this(rows, null, List.of(), truncated ? Boolean.TRUE : null);
    }

    boolean wasTruncated() {
        return Boolean.TRUE.equals(truncated);
    }
}
