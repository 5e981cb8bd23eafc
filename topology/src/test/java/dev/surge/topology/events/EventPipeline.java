package dev.surge.topology.events;

import dev.surge.config.SurgeConfig;
import dev.surge.schemas.DailyMetric;
import dev.surge.schemas.HourlyMetric;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.Metric;
import dev.surge.schemas.MetricKey;
import dev.surge.schemas.Topics;
import dev.surge.topology.ProcessingOutcomes;
import dev.surge.topology.StreamsProperties;
import dev.surge.topology.SurgeTopology;
import dev.surge.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;

/** Drives exactly the production topology's events pipeline through TopologyTestDriver. */
final class EventPipeline implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    final TopologyTestDriver driver;
    final Counts outcomes = new Counts();
    private final TestInputTopic<String, byte[]> events;
    private final TestOutputTopic<String, DailyMetric> daily;
    private final TestOutputTopic<String, HourlyMetric> hourly;
    private final TestOutputTopic<byte[], byte[]> dlq;
    private String correlationId;

    EventPipeline(Path stateDir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("STATE_DIR", stateDir.toString());
        env.putIfAbsent("TOPIC_PARTITIONS", "1");
        TopologySettings topology = TopologySettings.from(SurgeConfig.load(env, Map.of()));
        Topics topics = topology.topics();
        driver = new TopologyTestDriver(SurgeTopology.build(topology, (orderId, result) -> { }, outcomes),
                StreamsProperties.from(topology, "unused:9092"), START);
        events = driver.createInputTopic(topics.events().name(), new StringSerializer(), new ByteArraySerializer());
        daily = driver.createOutputTopic(topics.metricsDaily().name(), topics.metricsDaily().keySerde().deserializer(),
                topics.metricsDaily().valueSerde().deserializer());
        hourly = driver.createOutputTopic(topics.metricsHourly().name(),
                topics.metricsHourly().keySerde().deserializer(), topics.metricsHourly().valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.eventsDlq().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** An event with the given id, session, user (may be null), type, action and timestamp, received at {@code receivedAt}. */
    void send(String eventId, String session, String user, String type, String action, Instant timestamp,
              Instant receivedAt) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (eventId != null) {
            event.put("event_id", eventId);
        }
        event.put("session_id", session);
        if (user != null) {
            event.put("user_id", user);
        }
        event.put("event_type", type);
        event.put("event_action", action);
        if (timestamp != null) {
            event.put("timestamp", timestamp.toString());
        }
        raw(session, Json.toString(event), receivedAt);
    }

    /** A page view at {@code time}, received then. */
    void view(String eventId, String session, String user, Instant time) {
        send(eventId, session, user, "page_view", "view", time, time);
    }

    void raw(String key, String body, Instant receivedAt) {
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, correlationId);
        events.pipeInput(new TestRecord<>(key, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                headers, receivedAt));
    }

    /** The correlation id the next records carry, as one POST /v1/events gives all events of its batch; null: none. */
    void correlate(String id) {
        correlationId = id;
    }

    /** The stored daily value of a row, or null when the window holds nothing (or expired). */
    Long dailyValue(LocalDate date, String metricKey) {
        return value(EventStores.METRICS_DAILY, date.atStartOfDay(ZoneOffset.UTC).toInstant(), metricKey);
    }

    Long hourlyValue(Instant hour, String metricKey) {
        return value(EventStores.METRICS_HOURLY, hour, metricKey);
    }

    private Long value(String store, Instant windowStart, String metricKey) {
        // A range fetch, as interactive queries read: it leaves out windows past their retention,
        // which may linger on disk until their whole segment is dropped.
        WindowStore<String, ValueAndTimestamp<MetricValue>> windows = driver.getTimestampedWindowStore(store);
        try (WindowStoreIterator<ValueAndTimestamp<MetricValue>> hits =
                     windows.fetch(metricKey, windowStart, windowStart)) {
            return hits.hasNext() ? hits.next().value.value().value() : null;
        }
    }

    static String key(String metric, String dimensionKey, String dimensionValue) {
        return new MetricKey(metric, dimensionKey, dimensionValue).encode();
    }

    List<TestRecord<String, DailyMetric>> dailyRows() {
        return daily.readRecordsToList();
    }

    List<TestRecord<String, HourlyMetric>> hourlyRows() {
        return hourly.readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    /**
     * Forgets every record produced so far, changelogs included: TopologyTestDriver keeps them
     * all, and a 100k-event test would hold every 8 KiB sketch update in memory.
     */
    void forgetOutput() {
        for (String topic : driver.producedTopicNames()) {
            driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList();
        }
    }

    @Override
    public void close() {
        driver.close();
    }

    static final class Counts implements ProcessingOutcomes {
        final AtomicInteger counted = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger late = new AtomicInteger();
        final Map<Metric.Dimension, Integer> overCap = new ConcurrentHashMap<>();

        @Override
        public void overCap(Metric.Dimension dimension) {
            overCap.merge(dimension, 1, Integer::sum);
        }

        @Override
        public void counted() {
            counted.incrementAndGet();
        }

        @Override
        public void duplicate() {
            duplicates.incrementAndGet();
        }

        @Override
        public void late() {
            late.incrementAndGet();
        }
    }
}
