package dev.surge.query;

import dev.surge.schemas.DailyMetric;
import dev.surge.schemas.HourlyMetric;
import dev.surge.schemas.Metric;
import dev.surge.schemas.MetricKey;
import dev.surge.topology.events.EventStores;
import dev.surge.topology.events.MetricValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Daily and hourly metric rows from the events pipeline's window stores, whose windows start at a
 * UTC midnight or hour. An answer with no rows is found, not missing: no events that day.
 *
 * <p>One value of a dimension (and the total, whose one value is "all") is one store key, which
 * lives in one partition: read here when this instance is that partition's active owner, otherwise
 * the answer names the owner. Every value of a dimension, and so the top values, spread over all
 * partitions: they are read here from this instance's active partitions only, and {@code Gathering}
 * merges them with every other instance's.
 */
public final class MetricsQuery {

    static final Comparator<DailyMetric> BY_DATE =
            Comparator.comparing(DailyMetric::date).thenComparing(DailyMetric::dimensionValue);
    static final Comparator<HourlyMetric> BY_HOUR =
            Comparator.comparing(HourlyMetric::hour).thenComparing(HourlyMetric::dimensionValue);
    static final Comparator<DailyMetric> LARGEST_FIRST = Comparator.comparingLong(DailyMetric::value)
            .reversed().thenComparing(DailyMetric::dimensionValue);

    /**
     * The most rows one instance reads for a whole dimension: with the names each partition may
     * count per day capped (METRICS_MAX_EVENT_TYPES, METRICS_MAX_EVENT_ACTIONS), a range of days
     * can still hold many; past this the answer says {@code truncated}.
     */
    static final int MAX_ROWS = 10_000;

    private final MetricStores stores;
    private final HostInfo self;
    private final int maxRows;

    public MetricsQuery(KafkaStreams streams, HostInfo self) {
        this(new StreamsMetricStores(streams), self, MAX_ROWS);
    }

    MetricsQuery(MetricStores stores, HostInfo self) {
        this(stores, self, MAX_ROWS);
    }

    MetricsQuery(MetricStores stores, HostInfo self, int maxRows) {
        this.stores = stores;
        this.self = self;
        this.maxRows = maxRows;
    }

    /** Rows of the UTC days {@code from} to {@code to}, both included, by date then dimension value. */
    public QueryResult<MetricRows<DailyMetric>> daily(MetricSelection selection, LocalDate from, LocalDate to) {
        return windows(EventStores.METRICS_DAILY, selection, startOf(from), startOf(to), maxRows)
                .map(windows -> rows(windows, MetricsQuery::dailyRow, BY_DATE));
    }

    /** Rows of the hours starting {@code fromHour} to {@code toHour}, both included, by hour then dimension value. */
    public QueryResult<MetricRows<HourlyMetric>> hourly(MetricSelection selection, Instant fromHour, Instant toHour) {
        return windows(EventStores.METRICS_HOURLY, selection, fromHour, toHour, maxRows)
                .map(windows -> rows(windows, MetricsQuery::hourlyRow, BY_HOUR));
    }

    /**
     * The {@code limit} largest values of a dimension on one UTC day; equal values by dimension
     * value. Every row of the day is looked at, but only the {@code limit} largest so far are kept.
     */
    public QueryResult<MetricRows<DailyMetric>> top(Metric metric, Metric.Dimension dimension, LocalDate date,
                                                    int limit) {
        Instant day = startOf(date);
        TopRows<DailyMetric> top = new TopRows<>(LARGEST_FIRST, limit);
        return visit(EventStores.METRICS_DAILY, MetricSelection.every(metric, dimension), day, day,
                window -> {
                    top.offer(dailyRow(window));
                    return true;
                })
                .map(complete -> new MetricRows<>(top.largestFirst()));
    }

    /** One store window: what a daily or hourly row is made of. */
    private record MetricWindow(MetricKey key, Instant start, long value) {
    }

    /** Windows as read, and whether more were left unread. */
    private record Windows(List<MetricWindow> read, boolean truncated) {
    }

    /** The windows of the selection that start from {@code from} to {@code to}, both included, at most {@code max}. */
    private QueryResult<Windows> windows(String storeName, MetricSelection selection, Instant from, Instant to,
                                         int max) {
        List<MetricWindow> read = new ArrayList<>();
        return visit(storeName, selection, from, to, window -> {
            if (read.size() == max) {
                return false;
            }
            read.add(window);
            return true;
        }).map(complete -> new Windows(read, !complete));
    }

    /**
     * Hands each window of the selection from {@code from} to {@code to} to {@code visitor} until it
     * says stop (false). Found: true when every window was visited.
     */
    private QueryResult<Boolean> visit(String storeName, MetricSelection selection, Instant from, Instant to,
                                       Predicate<MetricWindow> visitor) {
        // Windows start at the epoch or later; a range before it is empty rather than a question for the store.
        Instant start = from.isBefore(Instant.EPOCH) ? Instant.EPOCH : from;
        if (to.isBefore(start)) {
            return new QueryResult.Found<>(true);
        }
        try {
            return selection.oneValue() ? oneValue(storeName, selection.key(), start, to, visitor)
                    : new QueryResult.Found<>(everyValue(storeName, selection.prefix(), start, to, visitor));
        } catch (StreamsNotStartedException e) {
            // HTTP may serve before Streams starts.
            return new QueryResult.Unavailable<>("streams is not running yet");
        } catch (RuntimeException e) {
            if (!StoreFailures.notReady(e)) {
                throw e;
            }
            return new QueryResult.Unavailable<>("store " + storeName + " is not ready: " + StoreFailures.reason(e));
        }
    }

    private QueryResult<Boolean> oneValue(String storeName, MetricKey key, Instant from, Instant to,
                                          Predicate<MetricWindow> visitor) {
        String storeKey = key.encode();
        KeyQueryMetadata meta = stores.ownerOf(storeName, storeKey);
        if (!Owners.known(meta)) {
            return new QueryResult.Unavailable<>("no owner for the key yet (rebalancing)");
        }
        if (!self.equals(meta.activeHost())) {
            return new QueryResult.Remote<>(meta.activeHost());
        }
        try (WindowStoreIterator<MetricValue> found = stores.partition(storeName, meta.partition())
                .fetch(storeKey, from, to)) {
            while (found.hasNext()) {
                KeyValue<Long, MetricValue> w = found.next();
                if (!visitor.test(new MetricWindow(key, Instant.ofEpochMilli(w.key), w.value.value()))) {
                    return new QueryResult.Found<>(false);
                }
            }
        }
        return new QueryResult.Found<>(true);
    }

    /** Every key with the prefix, from this instance's active partitions only (see the class comment). */
    private boolean everyValue(String storeName, String prefix, Instant from, Instant to,
                               Predicate<MetricWindow> visitor) {
        // Keys compare as UTF-8 bytes. Dimension values are ASCII (the event schema's pattern), so the keys
        // from prefix to prefix + U+FFFF are exactly those starting with the prefix.
        try (KeyValueIterator<Windowed<String>, MetricValue> found = stores.localPartitions(storeName)
                .fetch(prefix, prefix + Character.MAX_VALUE, from, to)) {
            while (found.hasNext()) {
                KeyValue<Windowed<String>, MetricValue> w = found.next();
                if (!visitor.test(new MetricWindow(MetricKey.decode(w.key.key()), w.key.window().startTime(),
                        w.value.value()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static <R> MetricRows<R> rows(Windows windows, Function<MetricWindow, R> row, Comparator<R> order) {
        return new MetricRows<>(windows.read().stream().map(row).sorted(order).toList(), windows.truncated());
    }

    private static Instant startOf(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static DailyMetric dailyRow(MetricWindow window) {
        return DailyMetric.of(LocalDate.ofInstant(window.start(), ZoneOffset.UTC), window.key(), window.value());
    }

    private static HourlyMetric hourlyRow(MetricWindow window) {
        return HourlyMetric.of(window.start(), window.key(), window.value());
    }
}
