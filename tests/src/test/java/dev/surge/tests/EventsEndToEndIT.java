package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.DailyMetric;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.HourlyMetric;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analytics events through HTTP (every body format, gzipped or not) and straight through Kafka,
 * counted by the real topology on a real embedded broker, read back over the metrics API and
 * from the metrics topics.
 *
 * <p>Time: every event is stamped with one instant fixed when the class starts, a few seconds in
 * the past, and every query asks for that instant's UTC day and hour. A run that crosses UTC
 * midnight therefore still counts into that one day, which stays open for EVENTS_GRACE (1 h)
 * after its end, far longer than this class runs; no waiting around midnight is needed.
 *
 * <p>The totals of a day (events, sessions, users) are shared by every test of the node, so the
 * test that asserts them exactly runs first; the other tests each use event types of their own
 * and assert on those.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsEndToEndIT {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static RunningSurge surge;
    /** When every event of this class happened, unless a test says otherwise. */
    static Instant at;
    static LocalDate today;
    static Instant thisHour;

    @BeforeAll
    static void start() throws Exception {
        at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        thisHour = at.truncatedTo(ChronoUnit.HOURS);
        surge = new RunningSurge(dir.resolve("updates"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (surge != null) {
            surge.close();
        }
    }

    @Test
    @Order(1)
    void batchesInEveryFormatGzippedOrNotAreCountedExactlyPerDimension() throws Exception {
        // 18 distinct events: 6 sessions, 4 users (u1 on two sessions), one anonymous session.
        List<Map<String, Object>> events = List.of(
                event("fmt-1", "fmt-s1", "fmt-u1", "page_view", "view"),
                event("fmt-2", "fmt-s1", "fmt-u1", "page_view", "scroll"),
                event("fmt-3", "fmt-s2", "fmt-u2", "page_view", "view"),
                event("fmt-4", "fmt-s2", "fmt-u2", "add_to_cart", "click"),
                event("fmt-5", "fmt-s3", "fmt-u3", "page_view", "view"),
                event("fmt-6", "fmt-s3", "fmt-u3", "search", "submit"),
                event("fmt-7", "fmt-s1", "fmt-u1", "add_to_cart", "click"),
                event("fmt-8", "fmt-s4", "fmt-u1", "page_view", "view"),
                event("fmt-9", "fmt-s5", null, "page_view", "view"),
                event("fmt-10", "fmt-s3", "fmt-u3", "add_to_cart", "click"),
                event("fmt-11", "fmt-s1", "fmt-u1", "checkout", "step_1"),
                event("fmt-12", "fmt-s5", null, "page_view", "scroll"),
                event("fmt-13", "fmt-s2", "fmt-u2", "page_view", "view"),
                event("fmt-14", "fmt-s4", "fmt-u1", "checkout", "step_1"),
                event("fmt-15", "fmt-s1", "fmt-u1", "checkout", "step_2"),
                event("fmt-16", "fmt-s6", "fmt-u4", "search", "submit"),
                event("fmt-17", "fmt-s2", "fmt-u2", "add_to_cart", "remove"),
                event("fmt-18", "fmt-s6", "fmt-u4", "add_to_cart", "click"));

        int request = 0;
        for (Format format : Format.values()) {
            for (boolean gzip : List.of(false, true)) {
                List<Map<String, Object>> batch = events.subList(request * 3, request * 3 + 3);
                request++;
                HttpResponse<String> res = postEvents(surge, format, gzip, batch);
                assertThat(res.statusCode()).as(format + (gzip ? " gzipped: " : ": ") + res.body()).isEqualTo(202);
                JsonNode body = Json.MAPPER.readTree(res.body());
                assertThat(body.path("accepted").asInt()).isEqualTo(3);
                assertThat(body.path("rejected").isArray()).isTrue();
                assertThat(body.path("rejected").size()).isZero();
                assertThat(body.path("correlation_id").asText()).isNotBlank();
            }
        }
        assertThat(request).isEqualTo(6);

        Map<String, Map<String, Long>> expected = Map.of(
                "events|all", Map.of("all", 18L),
                "events|event_type", Map.of("page_view", 8L, "add_to_cart", 5L, "checkout", 3L, "search", 2L),
                "events|event_type:event_action", Map.of("page_view:view", 6L, "page_view:scroll", 2L,
                        "add_to_cart:click", 4L, "add_to_cart:remove", 1L, "checkout:step_1", 2L,
                        "checkout:step_2", 1L, "search:submit", 2L),
                "active_sessions|all", Map.of("all", 6L),
                // Sketches, but a handful of members is estimated exactly: equality, not closeness.
                "active_users|all", Map.of("all", 4L),
                "active_users|event_type", Map.of("page_view", 3L, "add_to_cart", 4L, "checkout", 1L,
                        "search", 2L));
        Callable<Map<String, Map<String, Long>>> daily = () -> {
            Map<String, Map<String, Long>> all = new LinkedHashMap<>();
            for (String metricAndDimension : expected.keySet()) {
                String[] parts = metricAndDimension.split("\\|");
                all.put(metricAndDimension, daily(surge, today, parts[0], parts[1]));
            }
            return all;
        };
        assertThat(awaitValue(daily, expected::equals, SETTLE)).isEqualTo(expected);

        // Hourly rows for the current hour hold the same counts. Each row is a key of its own, on a
        // partition of its own, so each is awaited on its own.
        eventually(() -> hourly(surge, thisHour, "events", "event_type"), expected.get("events|event_type"));
        eventually(() -> hourly(surge, thisHour, "events", "all"), Map.of("all", 18L));
        eventually(() -> hourly(surge, thisHour, "active_sessions", "all"), Map.of("all", 6L));
        eventually(() -> hourly(surge, thisHour, "active_users", "all"), Map.of("all", 4L));

        // Top values: largest first, whatever the order the store keeps them in.
        assertThat(top(surge, "events", 10)).containsExactly(
                Map.entry("page_view", 8L), Map.entry("add_to_cart", 5L), Map.entry("checkout", 3L),
                Map.entry("search", 2L));
        assertThat(top(surge, "events", 2)).containsExactly(Map.entry("page_view", 8L), Map.entry("add_to_cart", 5L));
        assertThat(top(surge, "active_users", 10)).containsExactly(
                Map.entry("add_to_cart", 4L), Map.entry("page_view", 3L), Map.entry("search", 2L),
                Map.entry("checkout", 1L));
    }

    @Test
    void aBatchMixingValidAndInvalidEventsQueuesTheValidOnesAndNamesTheOthersByIndex() throws Exception {
        String farAhead = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String body = "["
                + Json.toString(event("rej-0", "rej-s1", "rej-u1", "newsletter", "open")) + ","
                // No event_action.
                + "{\"event_id\":\"rej-1\",\"session_id\":\"rej-s1\",\"event_type\":\"newsletter\","
                + "\"timestamp\":\"" + at + "\"},"
                + Json.toString(event("rej-2", "rej-s2", "rej-u2", "newsletter", "open")) + ","
                // Further ahead than EVENTS_MAX_FUTURE (5 min).
                + "{\"event_id\":\"rej-3\",\"session_id\":\"rej-s1\",\"event_type\":\"newsletter\","
                + "\"event_action\":\"open\",\"timestamp\":\"" + farAhead + "\"},"
                // An unknown field and a separator in a dimension value.
                + "{\"event_id\":\"rej-4\",\"session_id\":\"rej-s1\",\"event_type\":\"news|letter\","
                + "\"event_action\":\"open\",\"coupon\":\"FREE\",\"timestamp\":\"" + at + "\"},"
                // Not an event at all.
                + "42,"
                + Json.toString(event("rej-6", "rej-s3", null, "newsletter", "click"))
                + "]";

        HttpResponse<String> res = surge.post("/v1/events", bytes(body), "Content-Type", "application/json");

        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        JsonNode answer = Json.MAPPER.readTree(res.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(3);
        JsonNode rejected = answer.path("rejected");
        assertThat(rejected.findValuesAsText("index")).containsExactly("1", "3", "4", "5");
        assertThat(rejected.get(0).path("event_id").asText()).isEqualTo("rej-1");
        assertThat(rejected.get(0).path("errors").findValuesAsText("field")).containsExactly("event_action");
        assertThat(rejected.get(1).path("event_id").asText()).isEqualTo("rej-3");
        assertThat(rejected.get(1).path("errors").findValuesAsText("field")).containsExactly("timestamp");
        assertThat(rejected.get(2).path("event_id").asText()).isEqualTo("rej-4");
        assertThat(rejected.get(2).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("coupon", "event_type");
        assertThat(rejected.get(3).path("event_id").isNull()).isTrue();
        assertThat(rejected.get(3).path("errors").findValuesAsText("field")).containsExactly("");
        assertThat(rejected.findValuesAsText("message")).allSatisfy(message -> assertThat(message).isNotBlank());

        eventually(() -> daily(surge, today, "events", "event_type", "newsletter"), Map.of("newsletter", 3L));
        eventually(() -> daily(surge, today, "events", "event_type:event_action", "newsletter:open"),
                Map.of("newsletter:open", 2L));
        eventually(() -> daily(surge, today, "active_users", "event_type", "newsletter"), Map.of("newsletter", 2L));
        // Only the valid events ever reached the topic.
        List<String> queued = Topics.readUntil(surge.node.bootstrapServers(), "events",
                        records -> eventIds(records).containsAll(List.of("rej-0", "rej-2", "rej-6")), SETTLE)
                .stream().map(EventsEndToEndIT::eventId).filter(id -> id.startsWith("rej-")).toList();
        assertThat(queued).containsExactlyInAnyOrder("rej-0", "rej-2", "rej-6");

        // A batch with nothing valid is a 400 that still names every refusal.
        HttpResponse<String> none = surge.post("/v1/events",
                bytes("[42,{\"event_id\":\"rej-9\",\"session_id\":\"rej-s1\"}]"), "Content-Type", "application/json");
        assertThat(none.statusCode()).isEqualTo(400);
        JsonNode refused = Json.MAPPER.readTree(none.body());
        assertThat(refused.path("error").asText()).isEqualTo("invalid_events");
        assertThat(refused.path("rejected").findValuesAsText("index")).containsExactly("0", "1");
        assertThat(refused.path("rejected").get(1).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("event_type", "event_action");
    }

    @Test
    void anEventIdSentAgainInALaterBatchIsCountedOnce() throws Exception {
        HttpResponse<String> first = postEvents(surge, Format.ARRAY, false, List.of(
                event("dup-1", "dup-s1", "dup-u1", "wishlist", "add"),
                event("dup-2", "dup-s1", "dup-u1", "wishlist", "add")));
        assertThat(first.statusCode()).isEqualTo(202);
        eventually(() -> daily(surge, today, "events", "event_type", "wishlist"), Map.of("wishlist", 2L));
        double duplicatesBefore = processed("duplicate");

        // A client retry in another format: the ingress queues it again (it has no Idempotency-Key),
        // the topology drops it by event_id. One session, so the retry is judged before dup-3.
        HttpResponse<String> retry = postEvents(surge, Format.NDJSON, true, List.of(
                event("dup-1", "dup-s1", "dup-u1", "wishlist", "add"),
                event("dup-3", "dup-s1", "dup-u1", "wishlist", "add")));
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(retry.body()).path("accepted").asInt()).isEqualTo(2);

        eventually(() -> daily(surge, today, "events", "event_type", "wishlist"), Map.of("wishlist", 3L));
        assertThat(awaitValue(() -> processed("duplicate"), n -> n > duplicatesBefore, SETTLE))
                .isEqualTo(duplicatesBefore + 1);
        // 3 could also be a counted retry with dup-3 still on its way: the count must stay there.
        stays(() -> daily(surge, today, "events", "event_type", "wishlist"), Map.of("wishlist", 3L),
                Duration.ofSeconds(1));
        eventually(() -> hourly(surge, thisHour, "events", "event_type", "wishlist"), Map.of("wishlist", 3L));
        eventually(() -> daily(surge, today, "active_users", "event_type", "wishlist"), Map.of("wishlist", 1L));
    }

    @Test
    void anEventWhoseDayClosedGoesToTheDlqAsLateAndIsNotCounted() throws Exception {
        double lateBefore = processed("late");
        Instant twoDaysAgo = at.minus(2, ChronoUnit.DAYS);
        // The gate judges lateness by the stream time of the event's own partition. One session, so
        // one partition: the current event moves that stream time to now (if nothing had yet), and
        // the old one is judged after it. Its day closed at its end plus EVENTS_GRACE (1 h).
        HttpResponse<String> res = postEvents(surge, Format.ARRAY, false, List.of(
                event("late-0", "late-s1", "late-u1", "review", "submit"),
                event("late-1", "late-s1", "late-u1", "review", "submit", twoDaysAgo)));
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(res.body()).path("accepted").asInt()).isEqualTo(2);

        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readUntil(surge.node.bootstrapServers(), "events-dlq",
                records -> eventIds(records).contains("late-1"), SETTLE);
        ConsumerRecord<byte[], byte[]> late = dead.stream().filter(r -> "late-1".equals(eventId(r)))
                .findFirst().orElseThrow(() -> new AssertionError("late-1 never reached events-dlq"));
        assertThat(KafkaHeaders.text(late.headers(), DlqRecord.REASON)).isEqualTo("LATE");
        DlqRecord why = DlqRecord.readFrom(late.headers());
        assertThat(why.reason()).isEqualTo(DlqRecord.Reason.LATE);
        assertThat(why.sourceTopic()).isEqualTo("events");
        assertThat(why.error()).contains("EVENTS_GRACE");
        assertThat(string(late.key())).isEqualTo("late-s1");
        assertThat(Json.MAPPER.readTree(late.value()).path("timestamp").asText()).isEqualTo(twoDaysAgo.toString());

        eventually(() -> daily(surge, today, "events", "event_type", "review"), Map.of("review", 1L));
        assertThat(awaitValue(() -> processed("late"), n -> n > lateBefore, SETTLE)).isEqualTo(lateBefore + 1);
        LocalDate closedDay = LocalDate.ofInstant(twoDaysAgo, ZoneOffset.UTC);
        assertThat(daily(surge, closedDay, "events", "event_type")).isEmpty();
        assertThat(dead.stream().filter(r -> "late-0".equals(eventId(r)))).isEmpty();
    }

    @Test
    void anOldEventFirstOnAQuietPartitionIsCountedInItsDayNotLost() throws Exception {
        // The gate judges lateness by its own partition's stream time; the windows, behind the
        // repartition by metric row, see every partition's events. An old event on a partition
        // that has seen nothing newer is not late to the gate, so the windows must not drop it
        // (they keep every window within its retention): it counts in its own day.
        try (RunningSurge quiet = new RunningSurge(dir.resolve("quiet"), Map.of("TOPIC_PARTITIONS", "3"))) {
            String current = sessionOnPartition(1, 3, "quiet-a");
            String old = sessionOnPartition(0, 3, "quiet-b");
            assertThat(postEvents(quiet, Format.ARRAY, false, List.of(
                    event("q-1", current, "q-u1", "quiet_now", "view"))).statusCode()).isEqualTo(202);
            eventually(() -> daily(quiet, today, "events", "event_type", "quiet_now"), Map.of("quiet_now", 1L));

            Instant twoDaysAgo = at.minus(2, ChronoUnit.DAYS);
            assertThat(postEvents(quiet, Format.ARRAY, false, List.of(
                    event("q-2", old, "q-u2", "quiet_then", "view", twoDaysAgo))).statusCode()).isEqualTo(202);

            LocalDate thatDay = LocalDate.ofInstant(twoDaysAgo, ZoneOffset.UTC);
            eventually(() -> daily(quiet, thatDay, "events", "event_type", "quiet_then"), Map.of("quiet_then", 1L));
        }
    }

    /** A session id whose events land on {@code partition} of {@code partitions} (murmur2, as the Java client). */
    private static String sessionOnPartition(int partition, int partitions, String prefix) {
        for (int i = 0; ; i++) {
            String candidate = prefix + "-" + i;
            if (Topics.partitionOf(candidate, partitions) == partition) {
                return candidate;
            }
        }
    }

    @Test
    void garbageWrittenStraightToKafkaGoesToTheDlqAndTheStreamKeepsCounting() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(surge)) {
            RecordHeaders headers = new RecordHeaders();
            KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, "junk-1");
            producer.send(new ProducerRecord<>("events", null, bytes("junk-s1"), bytes("definitely not json"), headers));
            // Another producer's event, on the same partition after the garbage: no event_id, its own timestamp.
            producer.send(new ProducerRecord<>("events", bytes("junk-s1"), bytes("{\"session_id\":\"junk-s1\","
                    + "\"user_id\":\"junk-u1\",\"event_type\":\"share\",\"event_action\":\"link\","
                    + "\"timestamp\":\"" + at + "\"}")));
            producer.flush();
        }
        HttpResponse<String> afterwards = postEvents(surge, Format.WRAPPED, false,
                List.of(event("junk-2", "junk-s1", "junk-u2", "share", "link")));
        assertThat(afterwards.statusCode()).isEqualTo(202);

        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readUntil(surge.node.bootstrapServers(), "events-dlq",
                records -> records.stream().anyMatch(r -> "junk-1".equals(
                        KafkaHeaders.text(r.headers(), KafkaHeaders.CORRELATION_ID))), SETTLE);
        ConsumerRecord<byte[], byte[]> garbage = dead.stream()
                .filter(r -> "junk-1".equals(KafkaHeaders.text(r.headers(), KafkaHeaders.CORRELATION_ID)))
                .findFirst().orElseThrow(() -> new AssertionError("the garbage never reached events-dlq"));
        DlqRecord why = DlqRecord.readFrom(garbage.headers());
        assertThat(why.reason()).isEqualTo(DlqRecord.Reason.INVALID_JSON);
        assertThat(why.sourceTopic()).isEqualTo("events");
        assertThat(why.error()).isNotBlank();
        assertThat(string(garbage.key())).isEqualTo("junk-s1");
        assertThat(string(garbage.value())).isEqualTo("definitely not json");

        eventually(() -> daily(surge, today, "events", "event_type", "share"), Map.of("share", 2L));
        eventually(() -> daily(surge, today, "active_users", "event_type", "share"), Map.of("share", 2L));
    }

    @Test
    void metricsDailyCarriesTodaysTotalAsReadOverHttp() throws Exception {
        // Something to count, whichever test ran before.
        assertThat(postEvents(surge, Format.ARRAY, false, List.of(
                event("topic-1", "topic-s1", "topic-u1", "compare", "open"))).statusCode()).isEqualTo(202);
        eventually(() -> daily(surge, today, "events", "event_type", "compare"), Map.of("compare", 1L));

        String key = today + "|events|all|all";
        // The topic follows the store by a commit: read until its latest row for the key matches HTTP.
        List<ConsumerRecord<byte[], byte[]>> rows = Topics.readUntil(surge.node.bootstrapServers(), "metrics-daily",
                records -> Objects.equals(lastValue(records, key), total(surge)), SETTLE);
        DailyMetric last = lastRow(rows, key);
        assertThat(last).as("no row keyed " + key + " on metrics-daily").isNotNull();
        assertThat(last).isEqualTo(new DailyMetric(today, "events", "all", "all", total(surge)));
        assertThat(last.value()).isPositive();
    }

    @Test
    void withFinalEmissionTheApiServesOpenWindowsAndTheTopicGetsOnlyClosedOnes() throws Exception {
        try (RunningSurge finalNode = new RunningSurge(dir.resolve("final"), Map.of("METRICS_EMIT", "final"))) {
            // An event two hours back, first on its partition so nothing is late yet: its hour closes
            // (end plus 1 h grace) as soon as an event of now reaches the same metric row.
            Instant earlier = at.minus(Duration.ofHours(2).plusMinutes(1));
            Instant earlierHour = earlier.truncatedTo(ChronoUnit.HOURS);
            assertThat(postEvents(finalNode, Format.ARRAY, false, List.of(
                    event("fin-0", "fin-s1", "fin-u1", "warmup", "view", earlier))).statusCode()).isEqualTo(202);
            eventually(() -> hourly(finalNode, earlierHour, "events", "event_type"), Map.of("warmup", 1L));

            assertThat(postEvents(finalNode, Format.NDJSON, false, List.of(
                    event("fin-1", "fin-s1", "fin-u1", "final_check", "view"),
                    event("fin-2", "fin-s2", "fin-u2", "final_check", "view"),
                    event("fin-3", "fin-s3", null, "final_check", "click"))).statusCode()).isEqualTo(202);

            // The query API reads the window stores, so today's rows are served while today is open.
            eventually(() -> daily(finalNode, today, "events", "event_type", "final_check"),
                    Map.of("final_check", 3L));
            eventually(() -> daily(finalNode, today, "active_users", "event_type", "final_check"),
                    Map.of("final_check", 2L));
            eventually(() -> hourly(finalNode, thisHour, "events", "event_type", "final_check"),
                    Map.of("final_check", 3L));

            // The earlier hour has closed: its one final row is published. Streams checks for closed
            // windows when a record arrives, at most once a second of wall-clock time, so keep events
            // coming until it shows.
            String closedKey = earlierHour + "|events|all|all";
            long deadline = System.nanoTime() + SETTLE.toNanos();
            List<ConsumerRecord<byte[], byte[]>> hourlyRows = List.of();
            for (int tick = 0; System.nanoTime() < deadline; tick++) {
                hourlyRows = Topics.readUntil(finalNode.node.bootstrapServers(), "metrics-hourly",
                        records -> keys(records).contains(closedKey), Duration.ofSeconds(2));
                if (keys(hourlyRows).contains(closedKey)) {
                    break;
                }
                assertThat(postEvents(finalNode, Format.ARRAY, false, List.of(
                        event("fin-tick-" + tick, "fin-s1", "fin-u1", "tick", "view"))).statusCode()).isEqualTo(202);
            }
            List<HourlyMetric> closed = hourlyRows.stream().filter(r -> closedKey.equals(string(r.key())))
                    .map(r -> read(r.value(), HourlyMetric.class)).toList();
            assertThat(closed).containsExactly(new HourlyMetric(earlierHour, "events", "all", "all", 1));
            assertThat(keys(hourlyRows)).noneMatch(k -> k.startsWith(thisHour + "|"));

            // Today's windows are open: not one row of today on metrics-daily. Had rows been emitted on
            // update, they would have been committed with the closed hour's row just read.
            List<ConsumerRecord<byte[], byte[]>> dailyRows = Topics.readUntil(finalNode.node.bootstrapServers(),
                    "metrics-daily", records -> true, Duration.ofSeconds(5));
            assertThat(keys(dailyRows)).noneMatch(k -> k.startsWith(today + "|"));
        }
    }

    // ---- events and requests

    enum Format {
        ARRAY, WRAPPED, NDJSON;

        byte[] body(List<Map<String, Object>> events) {
            return switch (this) {
                case ARRAY -> Json.toBytes(events);
                case WRAPPED -> Json.toBytes(Map.of("events", events));
                case NDJSON -> bytes(events.stream().map(Json::toString).collect(Collectors.joining("\n", "", "\n")));
            };
        }

        String contentType() {
            return this == NDJSON ? "application/x-ndjson" : "application/json";
        }
    }

    static Map<String, Object> event(String id, String session, String user, String type, String action) {
        return event(id, session, user, type, action, at);
    }

    static Map<String, Object> event(String id, String session, String user, String type, String action,
                                     Instant timestamp) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", id);
        event.put("session_id", session);
        if (user != null) {
            event.put("user_id", user);
        }
        event.put("event_type", type);
        event.put("event_action", action);
        event.put("metadata", Map.of("page", "/sale"));
        event.put("timestamp", timestamp.toString());
        return event;
    }

    static HttpResponse<String> postEvents(RunningSurge node, Format format, boolean gzip,
                                           List<Map<String, Object>> events) throws Exception {
        byte[] body = format.body(events);
        return gzip
                ? node.post("/v1/events", gzip(body), "Content-Type", format.contentType(), "Content-Encoding", "gzip")
                : node.post("/v1/events", body, "Content-Type", format.contentType());
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- reading metrics over HTTP

    /** dimension_value → value of one metric and dimension on one UTC day; empty while there is none. */
    static Map<String, Long> daily(RunningSurge node, LocalDate day, String metric, String dimensionKey)
            throws Exception {
        return rows(node, "/v1/metrics/daily?metric=" + metric + "&from=" + day + "&to=" + day
                + dimension(dimensionKey, null), metric, dimensionKey, "date", day.toString());
    }

    static Map<String, Long> daily(RunningSurge node, LocalDate day, String metric, String dimensionKey,
                                   String dimensionValue) throws Exception {
        return rows(node, "/v1/metrics/daily?metric=" + metric + "&from=" + day + "&to=" + day
                + dimension(dimensionKey, dimensionValue), metric, dimensionKey, "date", day.toString());
    }

    /** As {@link #daily} for the one hour starting at {@code hour}. */
    static Map<String, Long> hourly(RunningSurge node, Instant hour, String metric, String dimensionKey)
            throws Exception {
        return rows(node, "/v1/metrics/hourly?metric=" + metric + "&from=" + hour + "&to=" + hour
                + dimension(dimensionKey, null), metric, dimensionKey, "hour", hour.toString());
    }

    static Map<String, Long> hourly(RunningSurge node, Instant hour, String metric, String dimensionKey,
                                    String dimensionValue) throws Exception {
        return rows(node, "/v1/metrics/hourly?metric=" + metric + "&from=" + hour + "&to=" + hour
                + dimension(dimensionKey, dimensionValue), metric, dimensionKey, "hour", hour.toString());
    }

    private static String dimension(String key, String value) {
        return (key.equals("all") ? "" : "&dimension_key=" + encode(key))
                + (value == null ? "" : "&dimension_value=" + encode(value));
    }

    /**
     * The rows of one answer, checked to be of the metric, dimension and time asked for. A 503 (a
     * store not ready) reads as no rows, so a poll goes on; any other failure fails the test.
     */
    private static Map<String, Long> rows(RunningSurge node, String path, String metric, String dimensionKey,
                                          String timeField, String time) throws Exception {
        HttpResponse<String> res = node.get(path);
        if (res.statusCode() == 503) {
            return Map.of();
        }
        assertThat(res.statusCode()).as(path + " answered " + res.body()).isEqualTo(200);
        Map<String, Long> values = new TreeMap<>();
        for (JsonNode row : Json.MAPPER.readTree(res.body()).path("rows")) {
            assertThat(row.path(timeField).asText()).as(path).isEqualTo(time);
            assertThat(row.path("metric_name").asText()).as(path).isEqualTo(metric);
            assertThat(row.path("dimension_key").asText()).as(path).isEqualTo(dimensionKey);
            Long before = values.put(row.path("dimension_value").asText(), row.path("value").asLong());
            assertThat(before).as(path + ": one row per dimension value").isNull();
        }
        return values;
    }

    /** The top values of event_type today, as (dimension_value, value) in the order answered. */
    static List<Map.Entry<String, Long>> top(RunningSurge node, String metric, int limit) throws Exception {
        HttpResponse<String> res = node.get("/v1/metrics/daily/top?metric=" + metric + "&date=" + today
                + "&dimension_key=event_type&limit=" + limit);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        List<Map.Entry<String, Long>> top = new ArrayList<>();
        for (JsonNode row : Json.MAPPER.readTree(res.body()).path("rows")) {
            assertThat(row.path("date").asText()).isEqualTo(today.toString());
            top.add(Map.entry(row.path("dimension_value").asText(), row.path("value").asLong()));
        }
        return top;
    }

    /** Today's events total over HTTP, 0 before the first event. */
    static long total(RunningSurge node) {
        try {
            return daily(node, today, "events", "all").getOrDefault("all", 0L);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern PROCESSED =
            Pattern.compile("^processor_events_processed_total\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);

    /** processor_events_processed_total{outcome} as scraped from /metrics. */
    static double processed(String outcome) throws Exception {
        HttpResponse<String> res = surge.get("/metrics");
        assertThat(res.statusCode()).isEqualTo(200);
        Matcher m = PROCESSED.matcher(res.body());
        while (m.find()) {
            if (m.group(1).contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no processor_events_processed_total{outcome=\"" + outcome + "\"} on /metrics");
    }

    /**
     * Polls until the rows read are {@code expected}, then asserts it. Counts only grow, so rows
     * that pass the expected numbers fail at the deadline with what they became.
     */
    static void eventually(Callable<Map<String, Long>> read, Map<String, Long> expected) throws Exception {
        assertThat(awaitValue(read, expected::equals, SETTLE)).isEqualTo(expected);
    }

    /**
     * Reads for {@code during} (many commit intervals) and asserts the rows never differ from
     * {@code expected}: for what must not happen, which no poll for a change can show.
     */
    static void stays(Callable<Map<String, Long>> read, Map<String, Long> expected, Duration during)
            throws Exception {
        long end = System.nanoTime() + during.toNanos();
        do {
            assertThat(read.call()).isEqualTo(expected);
            Thread.sleep(100);
        } while (System.nanoTime() < end);
    }

    /** Polls until {@code done} holds for what {@code read} gives or the deadline passes; returns the last read. */
    static <T> T awaitValue(Callable<T> read, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = read.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = read.call();
        }
        return last;
    }

    // ---- reading topics

    private static final String ANONYMOUS_SCOPE = "anonymous:";

    /** The event_id on the topic; of an event sent over HTTP without auth, without its "anonymous:" scope. */
    static String eventId(ConsumerRecord<byte[], byte[]> record) {
        try {
            String id = Json.MAPPER.readTree(record.value()).path("event_id").asText("");
            return id.startsWith(ANONYMOUS_SCOPE) ? id.substring(ANONYMOUS_SCOPE.length()) : id;
        } catch (IOException e) {
            return ""; // garbage on the topic is no event
        }
    }

    static List<String> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(EventsEndToEndIT::eventId).toList();
    }

    static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> string(r.key())).toList();
    }

    /** The latest row for a key of a compacted metrics topic: rows are upserts. */
    static DailyMetric lastRow(List<ConsumerRecord<byte[], byte[]>> records, String key) {
        DailyMetric last = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (key.equals(string(record.key()))) {
                last = read(record.value(), DailyMetric.class);
            }
        }
        return last;
    }

    static Long lastValue(List<ConsumerRecord<byte[], byte[]>> records, String key) {
        DailyMetric last = lastRow(records, key);
        return last == null ? null : last.value();
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KafkaProducer<byte[], byte[]> producer(RunningSurge node) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.node.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
