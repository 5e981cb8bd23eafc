package dev.surge.query;

import static dev.surge.query.CountedMetrics.ADD_TO_CART;
import static dev.surge.query.CountedMetrics.CHECKOUT;
import static dev.surge.query.CountedMetrics.PAGE_VIEW;
import static dev.surge.query.CountedMetrics.TOTAL;
import static dev.surge.query.CountedMetrics.USERS_VIEWING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.DailyMetric;
import dev.surge.schemas.HourlyMetric;
import dev.surge.schemas.Metric;
import dev.surge.schemas.MetricKey;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsQueryTest {

    private static final LocalDate NOV_20 = LocalDate.parse("2026-11-20");
    private static final LocalDate NOV_21 = LocalDate.parse("2026-11-21");
    private static final LocalDate NOV_22 = LocalDate.parse("2026-11-22");
    private static final MetricSelection PAGE_VIEWS = selection(PAGE_VIEW);
    private static final MetricSelection EVENT_TYPES = MetricSelection.every(Metric.EVENTS, Metric.Dimension.EVENT_TYPE);

    @TempDir
    Path stateDir;
    private CountedMetrics stores;
    private MetricsQuery query;

    @BeforeEach
    void fill() {
        stores = new CountedMetrics(stateDir).sale();
        query = new MetricsQuery(stores, CountedMetrics.SELF);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void oneValueDayByDayWithinTheRange() {
        // The 19th and the 22nd have page views too: outside [20, 21], so not answered.
        assertThat(rows(query.daily(PAGE_VIEWS, NOV_20, NOV_21))).containsExactly(
                DailyMetric.of(NOV_20, PAGE_VIEW, 2),
                DailyMetric.of(NOV_21, PAGE_VIEW, 3));
    }

    @Test
    void theTotalIsOneValueOfItsOwn() {
        MetricSelection total = new MetricSelection(Metric.EVENTS, Metric.Dimension.ALL, null);

        assertThat(rows(query.daily(total, NOV_20, NOV_22))).containsExactly(
                DailyMetric.of(NOV_20, TOTAL, 2),
                DailyMetric.of(NOV_21, TOTAL, 7));
    }

    @Test
    void everyValueOfADimensionByDateThenValue() {
        // page_view:open (4) is in the event_type:event_action dimension, whose keys share the prefix's start.
        assertThat(rows(query.daily(EVENT_TYPES, NOV_20, NOV_21))).containsExactly(
                DailyMetric.of(NOV_20, PAGE_VIEW, 2),
                DailyMetric.of(NOV_21, ADD_TO_CART, 2),
                DailyMetric.of(NOV_21, CHECKOUT, 2),
                DailyMetric.of(NOV_21, PAGE_VIEW, 3));
    }

    @Test
    void distinctCountsAreEstimatesOfMembers() {
        assertThat(rows(query.daily(selection(USERS_VIEWING), NOV_21, NOV_21)))
                .containsExactly(DailyMetric.of(NOV_21, USERS_VIEWING, 2));
    }

    @Test
    void hourlyRowsOfOneValue() {
        assertThat(rows(query.hourly(PAGE_VIEWS, hour("2026-11-21T00:00:00Z"), hour("2026-11-21T23:00:00Z"))))
                .containsExactly(
                        HourlyMetric.of(hour("2026-11-21T09:00:00Z"), PAGE_VIEW, 2),
                        HourlyMetric.of(hour("2026-11-21T14:00:00Z"), PAGE_VIEW, 1));
    }

    @Test
    void hourlyRowsOfEveryValueWithinTheHours() {
        // Hours 14 to 16, both included: hour 09 is outside, checkout at 16:59:59 is inside.
        assertThat(rows(query.hourly(EVENT_TYPES, hour("2026-11-21T14:00:00Z"), hour("2026-11-21T16:00:00Z"))))
                .containsExactly(
                        HourlyMetric.of(hour("2026-11-21T14:00:00Z"), ADD_TO_CART, 2),
                        HourlyMetric.of(hour("2026-11-21T14:00:00Z"), PAGE_VIEW, 1),
                        HourlyMetric.of(hour("2026-11-21T16:00:00Z"), CHECKOUT, 2));
    }

    @Test
    void topValuesLargestFirstEqualOnesByName() {
        assertThat(rows(query.top(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, NOV_21, 10))).containsExactly(
                DailyMetric.of(NOV_21, PAGE_VIEW, 3),
                DailyMetric.of(NOV_21, ADD_TO_CART, 2),
                DailyMetric.of(NOV_21, CHECKOUT, 2));
    }

    @Test
    void topValuesStopAtTheLimit() {
        assertThat(rows(query.top(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, NOV_21, 2))).containsExactly(
                DailyMetric.of(NOV_21, PAGE_VIEW, 3),
                DailyMetric.of(NOV_21, ADD_TO_CART, 2));
    }

    @Test
    void aWholeDimensionStopsAtTheRowCapAndSaysSo() {
        MetricsQuery capped = new MetricsQuery(stores, CountedMetrics.SELF, 3);

        MetricRows<DailyMetric> answer = ((QueryResult.Found<MetricRows<DailyMetric>>) capped.daily(EVENT_TYPES,
                NOV_20, NOV_21)).value();
        assertThat(answer.rows()).hasSize(3);
        assertThat(answer.truncated()).isTrue();
        assertThat(((QueryResult.Found<MetricRows<DailyMetric>>) query.daily(EVENT_TYPES, NOV_20, NOV_21)).value()
                .truncated()).isNull();
    }

    @Test
    void topKeepsOnlyTheLimitWhileRowsPass() {
        TopRows<Integer> top = new TopRows<>(Comparator.<Integer>reverseOrder(), 3);
        for (int i = 0; i < 1_000; i++) {
            top.offer((i * 7919) % 1_000);
        }

        assertThat(top.largestFirst()).containsExactly(999, 998, 997);
    }

    @Test
    void topValuesOfAnotherDayOnlyCountThatDay() {
        assertThat(rows(query.top(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, NOV_22, 10)))
                .containsExactly(DailyMetric.of(NOV_22, PAGE_VIEW, 1));
    }

    @Test
    void noEventsIsFoundWithNoRows() {
        MetricSelection search = selection(MetricKey.of(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, "search"));
        LocalDate longAgo = LocalDate.parse("2025-01-01");

        assertThat(query.daily(search, NOV_20, NOV_22)).isEqualTo(new QueryResult.Found<>(new MetricRows<>(List.of())));
        assertThat(rows(query.daily(EVENT_TYPES, longAgo, longAgo))).isEmpty();
        assertThat(rows(query.hourly(PAGE_VIEWS, hour("2026-11-21T10:00:00Z"), hour("2026-11-21T13:00:00Z"))))
                .isEmpty();
        assertThat(rows(query.top(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, longAgo, 10))).isEmpty();
    }

    @Test
    void daysBeforeTheEpochHaveNoWindows() {
        assertThat(rows(query.daily(PAGE_VIEWS, LocalDate.parse("0001-01-01"), LocalDate.parse("1969-12-31"))))
                .isEmpty();
    }

    @Test
    void oneValueOwnedElsewhereNamesTheOwner() {
        HostInfo other = new HostInfo("other", 8081);
        stores.ownedBy(other);

        assertThat(query.daily(PAGE_VIEWS, NOV_20, NOV_21)).isEqualTo(new QueryResult.Remote<>(other));
        assertThat(query.hourly(PAGE_VIEWS, hour("2026-11-21T00:00:00Z"), hour("2026-11-21T23:00:00Z")))
                .isEqualTo(new QueryResult.Remote<>(other));
    }

    @Test
    void everyValueIsReadFromTheLocalPartitions() {
        stores.ownedBy(new HostInfo("other", 8081));

        assertThat(rows(query.top(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, NOV_21, 1)))
                .containsExactly(DailyMetric.of(NOV_21, PAGE_VIEW, 3));
    }

    @Test
    void unavailableWhileStreamsHasNotStarted() {
        stores.notStarted();

        assertThat(query.daily(PAGE_VIEWS, NOV_20, NOV_21))
                .isEqualTo(new QueryResult.Unavailable<>("streams is not running yet"));
        assertThat(query.daily(EVENT_TYPES, NOV_20, NOV_21)).isInstanceOf(QueryResult.Unavailable.class);
    }

    @Test
    void unavailableWhileRebalancing() {
        stores.rebalancing();

        assertThat(query.daily(PAGE_VIEWS, NOV_20, NOV_21))
                .isEqualTo(new QueryResult.Unavailable<>("no owner for the key yet (rebalancing)"));
        assertThat(query.top(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, NOV_21, 10))
                .isInstanceOfSatisfying(QueryResult.Unavailable.class,
                        u -> assertThat(u.reason()).contains("metrics-daily-store is not ready"));
    }

    private static MetricSelection selection(MetricKey key) {
        return new MetricSelection(Metric.byName(key.metricName()).orElseThrow(),
                Metric.Dimension.byName(key.dimensionKey()).orElseThrow(), key.dimensionValue());
    }

    private static Instant hour(String text) {
        return Instant.parse(text);
    }

    private static <T> List<T> rows(QueryResult<MetricRows<T>> result) {
        assertThat(result).isInstanceOf(QueryResult.Found.class);
        return ((QueryResult.Found<MetricRows<T>>) result).value().rows();
    }
}
