package dev.surge.query;

import dev.surge.schemas.Metric;
import dev.surge.schemas.MetricKey;
import dev.surge.topology.events.EventStores;
import dev.surge.topology.events.MetricValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Real metric window stores, named and shaped like the topology's (daily and hourly windows of
 * {@link MetricValue} keyed by {@link MetricKey#encode()}), filled by a tiny topology under
 * TopologyTestDriver, and served as {@link MetricStores} with an owner and a state the test sets.
 * The driver has one partition; it stands for partition {@value #PARTITION} of the key's owner.
 */
final class CountedMetrics implements MetricStores, AutoCloseable {

    static final HostInfo SELF = new HostInfo("self", 8080);
    static final int PARTITION = 3;

    /** Late records are still counted: tests write days in any order. */
    private static final Duration GRACE = Duration.ofDays(400);
    private static final Duration RETENTION = Duration.ofDays(1000);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, String> counted;
    private HostInfo owner = SELF;
    private boolean rebalancing;
    private boolean started = true;

    CountedMetrics(Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> members = builder.stream("counted", Consumed.with(Serdes.String(), Serdes.String()));
        window(members, Duration.ofDays(1), EventStores.METRICS_DAILY);
        window(members, Duration.ofHours(1), EventStores.METRICS_HOURLY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-query-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        counted = driver.createInputTopic("counted", new StringSerializer(), new StringSerializer());
    }

    private static void window(KStream<String, String> members, Duration size, String storeName) {
        members.groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(size, GRACE))
                .aggregate(MetricValue::empty, (key, member, value) -> value.add(distinct(key), member),
                        Materialized.<String, MetricValue, WindowStore<Bytes, byte[]>>as(storeName)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(MetricValue.serde())
                                .withRetention(RETENTION));
    }

    private static boolean distinct(String key) {
        return Metric.byName(MetricKey.decode(key).metricName()).orElseThrow().distinct();
    }

    static final MetricKey TOTAL = MetricKey.of(Metric.EVENTS, Metric.Dimension.ALL, "all");
    static final MetricKey PAGE_VIEW = MetricKey.of(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, "page_view");
    static final MetricKey ADD_TO_CART = MetricKey.of(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, "add_to_cart");
    static final MetricKey CHECKOUT = MetricKey.of(Metric.EVENTS, Metric.Dimension.EVENT_TYPE, "checkout");
    static final MetricKey PAGE_VIEW_OPEN =
            MetricKey.of(Metric.EVENTS, Metric.Dimension.EVENT_TYPE_ACTION, "page_view:open");
    static final MetricKey USERS_VIEWING = MetricKey.of(Metric.ACTIVE_USERS, Metric.Dimension.EVENT_TYPE, "page_view");

    /**
     * A few days of a sale, UTC. On 2026-11-21: page_view 3 (2 in hour 09, 1 in hour 14),
     * add_to_cart 2 (hour 14), checkout 2 (hour 16), total 7, page_view:open 4 in another dimension,
     * 2 distinct users viewing. page_view is also counted on the 19th (1), 20th (2) and 22nd (1).
     */
    CountedMetrics sale() {
        return count(PAGE_VIEW, Instant.parse("2026-11-19T12:00:00Z"), 1)
                .count(PAGE_VIEW, Instant.parse("2026-11-20T10:00:00Z"), 2)
                .count(TOTAL, Instant.parse("2026-11-20T10:00:00Z"), 2)
                .count(PAGE_VIEW, Instant.parse("2026-11-21T09:15:00Z"), 1)
                .count(PAGE_VIEW, Instant.parse("2026-11-21T09:40:00Z"), 1)
                .count(PAGE_VIEW, Instant.parse("2026-11-21T14:05:00Z"), 1)
                .count(ADD_TO_CART, Instant.parse("2026-11-21T14:30:00Z"), 2)
                .count(CHECKOUT, Instant.parse("2026-11-21T16:59:59Z"), 2)
                .count(TOTAL, Instant.parse("2026-11-21T12:00:00Z"), 7)
                .count(PAGE_VIEW_OPEN, Instant.parse("2026-11-21T14:05:00Z"), 4)
                .count(USERS_VIEWING, Instant.parse("2026-11-21T09:15:00Z"), "u1")
                .count(USERS_VIEWING, Instant.parse("2026-11-21T09:40:00Z"), "u2")
                .count(USERS_VIEWING, Instant.parse("2026-11-21T14:05:00Z"), "u1")
                .count(PAGE_VIEW, Instant.parse("2026-11-22T08:00:00Z"), 1);
    }

    /** One event counted for {@code key} at {@code at}; {@code member} is the user or session for distinct counts. */
    CountedMetrics count(MetricKey key, Instant at, String member) {
        counted.pipeInput(key.encode(), member, at);
        return this;
    }

    /** {@code times} events counted for {@code key} at {@code at}. */
    CountedMetrics count(MetricKey key, Instant at, int times) {
        for (int i = 0; i < times; i++) {
            count(key, at, "m" + i);
        }
        return this;
    }

    void ownedBy(HostInfo host) {
        owner = host;
    }

    void rebalancing() {
        rebalancing = true;
    }

    void notStarted() {
        started = false;
    }

    @Override
    public KeyQueryMetadata ownerOf(String storeName, String key) {
        requireStarted();
        return rebalancing ? KeyQueryMetadata.NOT_AVAILABLE : new KeyQueryMetadata(owner, Set.of(), PARTITION);
    }

    @Override
    public ReadOnlyWindowStore<String, MetricValue> partition(String storeName, int partition) {
        requireStarted();
        if (partition != PARTITION) {
            throw new AssertionError("asked for partition " + partition + ", not the key's " + PARTITION);
        }
        return store(storeName);
    }

    @Override
    public ReadOnlyWindowStore<String, MetricValue> localPartitions(String storeName) {
        requireStarted();
        if (rebalancing) {
            throw new InvalidStateStoreException("the state store, " + storeName + ", may have migrated");
        }
        return store(storeName);
    }

    private ReadOnlyWindowStore<String, MetricValue> store(String storeName) {
        return driver.<String, MetricValue>getWindowStore(storeName);
    }

    private void requireStarted() {
        if (!started) {
            throw new StreamsNotStartedException("KafkaStreams has not been started");
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
