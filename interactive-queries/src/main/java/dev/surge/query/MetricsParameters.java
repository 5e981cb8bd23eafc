package dev.surge.query;

import dev.surge.schemas.Metric;
import io.helidon.common.parameters.Parameters;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the query parameters of the metrics paths. Each refusal is an {@link InvalidParameter}
 * naming the parameter to fix. Unknown parameters are refused rather than ignored: a misspelt
 * {@code dimension_value} would otherwise quietly widen the answer to every value.
 */
final class MetricsParameters {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    /** Four-digit years only: every such day has a window start in epoch milliseconds. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt].+");

    private final Parameters query;

    private MetricsParameters(Parameters query) {
        this.query = query;
    }

    /** @throws InvalidParameter for a parameter not among {@code known}, or one given empty or more than once */
    static MetricsParameters of(Parameters query, List<String> known) {
        for (String name : query.names()) {
            if (!known.contains(name)) {
                throw new InvalidParameter(name, "not a parameter of this query; known: " + String.join(", ", known));
            }
            List<String> values = query.all(name);
            if (values.size() > 1) {
                throw new InvalidParameter(name, "given more than once");
            }
            if (values.getFirst().isBlank()) {
                throw new InvalidParameter(name, "empty; give a value or leave the parameter out");
            }
        }
        return new MetricsParameters(query);
    }

    Metric metric() {
        return metric(required("metric"));
    }

    Metric metricOr(Metric otherwise) {
        return optional("metric").map(MetricsParameters::metric).orElse(otherwise);
    }

    /** dimension_key (default all) and dimension_value (absent: every value of the dimension). */
    MetricSelection selection(Metric metric) {
        Metric.Dimension dimension = optional("dimension_key").map(name -> dimension(metric, name))
                .orElse(Metric.Dimension.ALL);
        Optional<String> value = optional("dimension_value");
        if (dimension == Metric.Dimension.ALL && value.isPresent()) {
            List<Metric.Dimension> breakdowns = breakdowns(metric);
            throw new InvalidParameter("dimension_value", "not allowed with dimension_key all, whose one value is 'all'"
                    + (breakdowns.isEmpty() ? "" : "; give a dimension_key: " + names(breakdowns)));
        }
        return new MetricSelection(metric, dimension, value.orElse(null));
    }

    /** The dimension to rank the values of: required, and not the total, which has one value only. */
    Metric.Dimension breakdown(Metric metric) {
        List<Metric.Dimension> breakdowns = breakdowns(metric);
        if (breakdowns.isEmpty()) {
            throw new InvalidParameter("metric", metric.wireName() + " has no dimension but all, so no top values");
        }
        Metric.Dimension dimension = dimension(metric, optional("dimension_key").orElseThrow(
                () -> new InvalidParameter("dimension_key", "required; one of " + names(breakdowns))));
        if (dimension == Metric.Dimension.ALL) {
            throw new InvalidParameter("dimension_key", "all has one value, so no top values; one of "
                    + names(breakdowns));
        }
        return dimension;
    }

    int limit() {
        Optional<String> text = optional("limit");
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below with the same message as a number out of range.
        }
        throw new InvalidParameter("limit", "'" + text.get() + "' is not a whole number from 1 to " + MAX_LIMIT);
    }

    /** A required UTC day. */
    LocalDate date(String name) {
        String text = required(name);
        if (DATE.matcher(text).matches()) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeException e) {
                // Answered below: 2026-13-01 is as much not a date as 'tomorrow'.
            }
        }
        throw new InvalidParameter(name, "'" + text + "' is not a date (YYYY-MM-DD)");
    }

    /**
     * The start of a required hour: a date stands for its first hour, or its last one when
     * {@code lastOfDay} (so from=D&to=D is the whole day); an RFC 3339 timestamp for the hour containing it.
     */
    Instant hour(String name, boolean lastOfDay) {
        String text = required(name);
        if (DATE.matcher(text).matches()) {
            Instant start = date(name).atStartOfDay(ZoneOffset.UTC).toInstant();
            return lastOfDay ? start.plus(23, ChronoUnit.HOURS) : start;
        }
        if (TIMESTAMP.matcher(text).matches()) {
            try {
                return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.HOURS);
            } catch (DateTimeException e) {
                // Answered below.
            }
        }
        throw new InvalidParameter(name, "'" + text
                + "' is neither a date (YYYY-MM-DD) nor an RFC 3339 timestamp (2026-11-21T14:00:00Z)");
    }

    /**
     * Refuses a range that ends before it starts or spans more than {@code maxDays} UTC days, both
     * ends counted: the query would read that many windows of every value.
     */
    void checkRange(Instant from, Instant to, int maxDays) {
        if (to.isBefore(from)) {
            throw new InvalidParameter("to", "'" + query.get("to") + "' is before from '" + query.get("from") + "'");
        }
        long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(from, ZoneOffset.UTC),
                LocalDate.ofInstant(to, ZoneOffset.UTC)) + 1;
        if (days > maxDays) {
            throw new InvalidParameter("to", "from '" + query.get("from") + "' to '" + query.get("to") + "' spans "
                    + days + " days; at most " + maxDays + " per query");
        }
    }

    private String required(String name) {
        return optional(name).orElseThrow(() -> new InvalidParameter(name, "required"));
    }

    private Optional<String> optional(String name) {
        return query.first(name).asOptional();
    }

    private static Metric metric(String name) {
        return Metric.byName(name).orElseThrow(() -> new InvalidParameter("metric",
                "'" + name + "' is not a metric; one of " + Arrays.stream(Metric.values())
                        .map(Metric::wireName).collect(Collectors.joining(", "))));
    }

    private static Metric.Dimension dimension(Metric metric, String name) {
        return Metric.Dimension.byName(name).filter(metric.dimensions()::contains)
                .orElseThrow(() -> new InvalidParameter("dimension_key", "'" + name + "' is not a dimension of "
                        + metric.wireName() + "; one of " + names(metric.dimensions())));
    }

    private static List<Metric.Dimension> breakdowns(Metric metric) {
        return metric.dimensions().stream().filter(d -> d != Metric.Dimension.ALL).toList();
    }

    private static String names(List<Metric.Dimension> dimensions) {
        return dimensions.stream().map(Metric.Dimension::wireName).collect(Collectors.joining(", "));
    }
}
