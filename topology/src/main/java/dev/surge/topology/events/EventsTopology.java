package dev.surge.topology.events;

import dev.surge.config.EventSettings;
import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.DailyMetric;
import dev.surge.schemas.HourlyMetric;
import dev.surge.schemas.JsonSerde;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Metric;
import dev.surge.schemas.MetricKey;
import dev.surge.schemas.Topic;
import dev.surge.schemas.Topics;
import dev.surge.topology.CheckpointedWindowStore;
import dev.surge.topology.TraceStores;
import dev.surge.topology.Tracing;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindowedKStream;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The events pipeline:
 * <pre>
 *   events ─▶ event-gate [event-dedup, event-trace] ─▶ metric contributions ─▶ repartition by metric row
 *          (bad, LATE → events-dlq)          ├─▶ day windows  [metrics-daily-store]  ─▶ metrics-daily
 *                                            └─▶ hour windows [metrics-hourly-store] ─▶ metrics-hourly
 * </pre>
 * Windows are tumbling and UTC-aligned (epoch milliseconds count UTC days exactly). Each event
 * adds to six rows at most: events (all, by type, by type:action), active_sessions, and
 * active_users (all, by type) when it has a user_id. The gate decides lateness, and caps the
 * distinct types and type:action pairs each partition names per day ({@link DimensionCaps}); see
 * {@link #windows} for why the windows do not.
 */
public final class EventsTopology {

    private static final Serde<Contribution> CONTRIBUTION_SERDE = new JsonSerde<>(Contribution.class);

    private EventsTopology() {
    }

    public static void addTo(StreamsBuilder builder, Topics topics, EventSettings settings, MessageValidator validator,
                             EventOutcomes outcomes, Tracing tracing) {
        Duration dedupRetention = settings.dedupWindow().multipliedBy(2).plus(settings.grace());
        builder.addStateStore(Stores.windowStoreBuilder(
                CheckpointedWindowStore.persistent(EventStores.DEDUP, dedupRetention, settings.dedupWindow(), false),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.windowStoreBuilder(
                CheckpointedWindowStore.persistent(EventStores.DIMENSIONS, settings.dailyRetention().plus(EventSettings.DAY),
                        EventSettings.DAY, false),
                Serdes.String(), Serdes.Long()));
        List<String> gateStores = new ArrayList<>(List.of(EventStores.DEDUP, EventStores.DIMENSIONS));
        if (tracing.enabled()) {
            builder.addStateStore(TraceStores.builder(TraceStores.EVENTS, tracing.retention()));
            gateStores.add(TraceStores.EVENTS);
        }

        KStream<String, Contribution> contributions = builder.stream(topics.events().name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray())
                                .withTimestampExtractor(new EventTimestampExtractor(settings.maxFuture()))
                                .withName("events"))
                .process(() -> new EventGate(validator, settings, outcomes, tracing), Named.as("event-gate"),
                        gateStores.toArray(String[]::new))
                .flatMap((sessionId, counted) -> contributionsOf(counted), Named.as("metric-contributions"))
                .repartition(Repartitioned.with(Serdes.String(), CONTRIBUTION_SERDE).withName("event-metrics"));

        Topic<String, DailyMetric> daily = topics.metricsDaily();
        windows(contributions, EventSettings.DAY, settings.dailyRetention(), settings, EventStores.METRICS_DAILY)
                .toStream(Named.as("daily-metric-updates"))
                .map((window, value) -> {
                    DailyMetric row = DailyMetric.of(LocalDate.ofInstant(window.window().startTime(), ZoneOffset.UTC),
                            MetricKey.decode(window.key()), value.value());
                    return KeyValue.pair(row.key(), row);
                }, Named.as("daily-metric-rows"))
                .to(daily.name(), Produced.with(daily.keySerde(), daily.valueSerde()).withName("metrics-daily"));

        Topic<String, HourlyMetric> hourly = topics.metricsHourly();
        windows(contributions.filter((key, contribution) -> contribution.hourOpen(), Named.as("hour-still-open")),
                EventSettings.HOUR, settings.hourlyRetention(), settings, EventStores.METRICS_HOURLY)
                .toStream(Named.as("hourly-metric-updates"))
                .map((window, value) -> {
                    HourlyMetric row = HourlyMetric.of(window.window().startTime(), MetricKey.decode(window.key()),
                            value.value());
                    return KeyValue.pair(row.key(), row);
                }, Named.as("hourly-metric-rows"))
                .to(hourly.name(), Produced.with(hourly.keySerde(), hourly.valueSerde()).withName("metrics-hourly"));
    }

    /**
     * Counts and distinct counts per metric row in windows of {@code size}, emitted on every cache
     * flush (each commit), or with METRICS_EMIT=final once, when the window closes.
     *
     * <p>The gate alone decides what is late. The windows sit behind the repartition, where stream
     * time mixes every events partition: with the gate's grace, a window could already be closed
     * by that clock for an event the gate let through (an old event on a quiet partition), and
     * Kafka Streams would drop it with no more than a log line. So in update mode the windows
     * accept anything within their retention. Final emission needs the window to close, so there
     * the windows keep EVENTS_GRACE, and that narrow case remains (README, "Counting").
     */
    private static KTable<Windowed<String>, MetricValue> windows(KStream<String, Contribution> contributions,
                                                                 Duration size, Duration retention,
                                                                 EventSettings settings, String storeName) {
        Duration grace = settings.emitFinal() ? settings.grace() : retention.minus(size);
        TimeWindowedKStream<String, Contribution> windowed = contributions
                .groupByKey(Grouped.with(Serdes.String(), CONTRIBUTION_SERDE))
                .windowedBy(TimeWindows.ofSizeAndGrace(size, grace));
        if (settings.emitFinal()) {
            windowed = windowed.emitStrategy(EmitStrategy.onWindowClose());
        }
        return windowed.aggregate(MetricValue::empty,
                (key, contribution, value) -> value.add(contribution.distinct(), contribution.member()),
                Named.as(storeName + "-aggregate"),
                Materialized.<String, MetricValue, WindowStore<Bytes, byte[]>>as(storeName)
                        .withStoreType(CheckpointedWindowStore.dslStores())
                        .withKeySerde(Serdes.String())
                        .withValueSerde(MetricValue.serde())
                        .withRetention(retention));
    }

    static List<KeyValue<String, Contribution>> contributionsOf(CountedEvent counted) {
        AnalyticsEvent event = counted.event();
        List<KeyValue<String, Contribution>> out = new ArrayList<>(6);
        for (Metric metric : Metric.values()) {
            String member = switch (metric) {
                case EVENTS -> Contribution.NO_MEMBER;
                case ACTIVE_USERS -> event.userId();
                case ACTIVE_SESSIONS -> event.sessionId();
            };
            if (member == null) {
                continue; // an anonymous event counts as an event and a session, not as a user
            }
            for (Metric.Dimension dimension : metric.dimensions()) {
                out.add(KeyValue.pair(MetricKey.of(metric, dimension, counted.valueOf(dimension)).encode(),
                        new Contribution(member, counted.hourOpen())));
            }
        }
        return out;
    }
}
