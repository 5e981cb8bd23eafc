package dev.surge.query;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.schemas.DailyMetric;
import dev.surge.schemas.HourlyMetric;
import dev.surge.schemas.Metric;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * GET /v1/metrics/daily, /v1/metrics/hourly and /v1/metrics/daily/top: metric rows as
 * {@code {"rows": [...]}}. Parameters are read by {@link MetricsParameters}, rows by {@link MetricsQuery}.
 */
public final class MetricsQueryService implements HttpService {

    private static final List<String> SERIES_PARAMETERS =
            List.of("metric", "dimension_key", "dimension_value", "from", "to");
    private static final List<String> TOP_PARAMETERS = List.of("metric", "dimension_key", "date", "limit");

    private final MetricsQuery metrics;
    private final int maxQueryDays;
    private final Replies replies;
    private final Gathering gathering;

    /**
     * @param maxQueryDays the most UTC days one query may span (METRICS_QUERY_MAX_DAYS)
     * @param forwarding   where one row owned elsewhere is asked for
     * @param gathering    how a whole dimension's rows are gathered from every instance
     */
    public MetricsQueryService(MetricsQuery metrics, int maxQueryDays, Forwarding forwarding, Gathering gathering) {
        this.metrics = metrics;
        this.maxQueryDays = maxQueryDays;
        this.replies = new Replies(forwarding);
        this.gathering = gathering;
    }

    @Override
    public void routing(HttpRules rules) {
        // Exact paths: /v1/metrics/daily does not match /v1/metrics/daily/top, whichever comes first.
        rules.get("/v1/metrics/daily/top", ApiHandler.of(this::top))
                .any("/v1/metrics/daily/top", HttpErrors.methodNotAllowed(Method.GET))
                .get("/v1/metrics/daily", ApiHandler.of(this::daily))
                .any("/v1/metrics/daily", HttpErrors.methodNotAllowed(Method.GET))
                .get("/v1/metrics/hourly", ApiHandler.of(this::hourly))
                .any("/v1/metrics/hourly", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void daily(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        MetricSelection selection;
        LocalDate from;
        LocalDate to;
        try {
            MetricsParameters parameters = MetricsParameters.of(req.query(), SERIES_PARAMETERS);
            selection = parameters.selection(parameters.metric());
            from = parameters.date("from");
            to = parameters.date("to");
            parameters.checkRange(startOf(from), startOf(to), maxQueryDays);
        } catch (InvalidParameter e) {
            throw Replies.invalid(e);
        }
        var rows = metrics.daily(selection, from, to);
        if (selection.oneValue()) {
            replies.send(req, res, rows, "metric", selection.prefix(), correlationId);
        } else {
            gathering.send(req, res, correlationId, rows, DailyMetric.class, MetricsQuery.BY_DATE, Long.MAX_VALUE,
                    replies);
        }
    }

    private void hourly(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        MetricSelection selection;
        Instant from;
        Instant to;
        try {
            MetricsParameters parameters = MetricsParameters.of(req.query(), SERIES_PARAMETERS);
            selection = parameters.selection(parameters.metric());
            from = parameters.hour("from", false);
            to = parameters.hour("to", true);
            parameters.checkRange(from, to, maxQueryDays);
        } catch (InvalidParameter e) {
            throw Replies.invalid(e);
        }
        var rows = metrics.hourly(selection, from, to);
        if (selection.oneValue()) {
            replies.send(req, res, rows, "metric", selection.prefix(), correlationId);
        } else {
            gathering.send(req, res, correlationId, rows, HourlyMetric.class, MetricsQuery.BY_HOUR, Long.MAX_VALUE,
                    replies);
        }
    }

    private void top(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        Metric metric;
        Metric.Dimension dimension;
        LocalDate date;
        int limit;
        try {
            MetricsParameters parameters = MetricsParameters.of(req.query(), TOP_PARAMETERS);
            metric = parameters.metricOr(Metric.EVENTS);
            dimension = parameters.breakdown(metric);
            date = parameters.date("date");
            limit = parameters.limit();
        } catch (InvalidParameter e) {
            throw Replies.invalid(e);
        }
        gathering.send(req, res, correlationId, metrics.top(metric, dimension, date, limit), DailyMetric.class,
                MetricsQuery.LARGEST_FIRST, limit, replies);
    }

    private static Instant startOf(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
