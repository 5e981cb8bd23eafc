package dev.surge.topology.events;

import static dev.surge.topology.events.EventPipeline.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.DailyMetric;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.HourlyMetric;
import dev.surge.schemas.Metric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsTopologyTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-21");
    private static final String EVENTS = key("events", "all", "all");

    @TempDir
    Path stateDir;

    private EventPipeline pipeline(Map<String, String> settings) {
        return new EventPipeline(stateDir, settings);
    }

    @Test
    void daysAreUtcDaysFromMidnightToMidnight() {
        try (EventPipeline events = pipeline(Map.of())) {
            events.view("e1", "s1", "u1", Instant.parse("2026-11-21T23:59:59.999Z"));
            events.view("e2", "s1", "u1", Instant.parse("2026-11-22T00:00:00Z"));
            // 00:30 at +01:00 is 23:30 UTC the day before.
            events.send("e3", "s2", "u2", "page_view", "view", Instant.parse("2026-11-21T23:30:00Z"),
                    Instant.parse("2026-11-22T00:00:01Z"));
            events.raw("s3", "{\"event_id\":\"e4\",\"session_id\":\"s3\",\"event_type\":\"page_view\","
                    + "\"event_action\":\"view\",\"timestamp\":\"2026-11-22T00:30:00+01:00\"}",
                    Instant.parse("2026-11-22T00:00:02Z"));

            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(3);
            assertThat(events.dailyValue(DAY.plusDays(1), EVENTS)).isEqualTo(1);
            assertThat(events.hourlyValue(Instant.parse("2026-11-21T23:00:00Z"), EVENTS)).isEqualTo(3);
            assertThat(events.deadLetters()).isEmpty();
        }
    }

    @Test
    void everyMetricAndDimensionIsCountedAndPublishedAsARowASinkCanUpsert() {
        try (EventPipeline events = pipeline(Map.of())) {
            Instant t = Instant.parse("2026-11-21T10:15:00Z");
            events.send("e1", "s1", "u1", "page_view", "view", t, t);
            events.send("e2", "s1", "u1", "add_to_cart", "click", t, t);
            events.send("e3", "s2", "u2", "page_view", "view", t, t);
            events.send("e4", "s3", null, "page_view", "scroll", t, t);

            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(4);
            assertThat(events.dailyValue(DAY, key("events", "event_type", "page_view"))).isEqualTo(3);
            assertThat(events.dailyValue(DAY, key("events", "event_type", "add_to_cart"))).isEqualTo(1);
            assertThat(events.dailyValue(DAY, key("events", "event_type:event_action", "page_view:view"))).isEqualTo(2);
            assertThat(events.dailyValue(DAY, key("events", "event_type:event_action", "page_view:scroll")))
                    .isEqualTo(1);
            assertThat(events.dailyValue(DAY, key("active_sessions", "all", "all"))).isEqualTo(3);
            // The anonymous session counts as a session, not as a user.
            assertThat(events.dailyValue(DAY, key("active_users", "all", "all"))).isEqualTo(2);
            assertThat(events.dailyValue(DAY, key("active_users", "event_type", "page_view"))).isEqualTo(2);
            assertThat(events.dailyValue(DAY, key("active_users", "event_type", "add_to_cart"))).isEqualTo(1);

            Map<String, DailyMetric> latest = events.dailyRows().stream()
                    .collect(Collectors.toMap(TestRecord::key, TestRecord::value, (a, b) -> b));
            assertThat(latest).containsEntry("2026-11-21|events|event_type|page_view",
                    new DailyMetric(DAY, "events", "event_type", "page_view", 3));
            assertThat(latest).containsEntry("2026-11-21|active_users|all|all",
                    new DailyMetric(DAY, "active_users", "all", "all", 2));
            assertThat(latest).hasSize(10);
            Map<String, HourlyMetric> hours = events.hourlyRows().stream()
                    .collect(Collectors.toMap(TestRecord::key, TestRecord::value, (a, b) -> b));
            assertThat(hours).containsEntry("2026-11-21T10:00:00Z|events|all|all",
                    new HourlyMetric(Instant.parse("2026-11-21T10:00:00Z"), "events", "all", "all", 4));
        }
    }

    @Test
    void outOfOrderEventsInsideTheGracePeriodAreCounted() {
        try (EventPipeline events = pipeline(Map.of("EVENTS_GRACE", "1h"))) {
            events.view("e1", "s1", "u1", Instant.parse("2026-11-21T10:00:00Z"));
            events.view("e2", "s1", "u1", Instant.parse("2026-11-21T11:30:00Z"));
            // Hour 10 closes at 11:00 + 1h grace = 12:00; stream time is 11:30.
            events.view("e3", "s2", "u2", Instant.parse("2026-11-21T10:45:00Z"));
            assertThat(events.hourlyValue(Instant.parse("2026-11-21T10:00:00Z"), EVENTS)).isEqualTo(2);

            events.view("e4", "s1", "u1", Instant.parse("2026-11-21T15:00:00Z"));
            // Hour 10 has closed, the day has not: counted for the day only, and nothing is lost.
            events.view("e5", "s3", "u3", Instant.parse("2026-11-21T10:50:00Z"));
            assertThat(events.hourlyValue(Instant.parse("2026-11-21T10:00:00Z"), EVENTS)).isEqualTo(2);
            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(5);
            assertThat(events.deadLetters()).isEmpty();
            assertThat(events.outcomes.counted).hasValue(5);
        }
    }

    @Test
    void anEventAfterTheGracePeriodGoesToTheDeadLetterQueueAsLate() {
        try (EventPipeline events = pipeline(Map.of("EVENTS_GRACE", "1h"))) {
            events.view("e1", "s1", "u1", Instant.parse("2026-11-21T23:00:00Z"));
            // Day 21 closes at 22nd 00:00 + 1h.
            events.view("e2", "s1", "u1", Instant.parse("2026-11-22T00:59:59Z"));
            events.view("e3", "s2", "u2", Instant.parse("2026-11-21T22:00:00Z"));
            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(2);
            assertThat(events.deadLetters()).isEmpty();

            events.view("e4", "s1", "u1", Instant.parse("2026-11-22T01:00:00Z"));
            String late = "{\"event_id\":\"e5\",\"session_id\":\"s9\",\"event_type\":\"page_view\","
                    + "\"event_action\":\"view\",\"timestamp\":\"2026-11-21T23:59:00Z\"}";
            events.raw("s9", late, Instant.parse("2026-11-22T01:00:00Z"));

            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(2);
            List<TestRecord<byte[], byte[]>> dead = events.deadLetters();
            assertThat(dead).hasSize(1);
            DlqRecord why = DlqRecord.readFrom(dead.get(0).headers());
            assertThat(why.reason()).isEqualTo(DlqRecord.Reason.LATE);
            assertThat(why.error()).contains("2026-11-22T01:00:00Z");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(late);
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("s9");
            assertThat(events.outcomes.late).hasValue(1);
        }
    }

    @Test
    void onAQuietPartitionAnEventPastTheRetentionIsLateByTheWallClock() {
        // The first event of a partition finds stream time at its own timestamp: nothing is late by it.
        // The windows behind the repartition would no longer keep this day, so the gate refuses it.
        try (EventPipeline events = pipeline(Map.of("METRICS_DAILY_RETENTION", "90d"))) {
            Instant longAgo = EventPipeline.START.minus(Duration.ofDays(91));
            events.view("e1", "s1", "u1", longAgo);

            assertThat(events.dailyValue(LocalDate.ofInstant(longAgo, ZoneOffset.UTC), EVENTS)).isNull();
            List<TestRecord<byte[], byte[]>> dead = events.deadLetters();
            assertThat(dead).hasSize(1);
            assertThat(DlqRecord.readFrom(dead.get(0).headers()).error()).contains("METRICS_DAILY_RETENTION");
        }
    }

    @Test
    void aDayOldEventFirstOnItsPartitionCountsForItsDayButNotPastTheHourlyRetention() {
        try (EventPipeline events = pipeline(Map.of("METRICS_HOURLY_RETENTION", "7d"))) {
            Instant eightDaysAgo = EventPipeline.START.minus(Duration.ofDays(8));
            events.view("e1", "s1", "u1", eightDaysAgo);

            assertThat(events.dailyValue(LocalDate.ofInstant(eightDaysAgo, ZoneOffset.UTC), EVENTS))
                    .isEqualTo(1);
            assertThat(events.hourlyValue(eightDaysAgo.truncatedTo(ChronoUnit.HOURS), EVENTS))
                    .isNull();
            assertThat(events.deadLetters()).isEmpty();
        }
    }

    @Test
    void aRetriedEventIsCountedOnceWithinTheDedupWindow() {
        try (EventPipeline events = pipeline(Map.of("EVENTS_DEDUP_WINDOW", "1h"))) {
            Instant t = Instant.parse("2026-11-21T10:00:00Z");
            events.view("e1", "s1", "u1", t);
            events.send("e1", "s1", "u1", "page_view", "view", t, t.plusSeconds(30));
            events.view("e2", "s1", "u1", t.plusSeconds(1));
            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(2);
            assertThat(events.outcomes.duplicates).hasValue(1);
        }
    }

    @Test
    void dailyWindowsExpireAfterTheirRetention() {
        // No record cache: RocksDB leaves out windows past retention, but a window still in the
        // record cache is served from there until the cache evicts it.
        try (EventPipeline events = pipeline(Map.of("METRICS_DAILY_RETENTION", "90d",
                "STREAMS_STATESTORE_CACHE_MAX_BYTES", "0"))) {
            events.view("e1", "s1", "u1", Instant.parse("2026-11-21T10:00:00Z"));
            events.view("e2", "s1", "u1", Instant.parse("2027-02-18T10:00:00Z")); // 89 days later
            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(1);

            events.view("e3", "s1", "u1", Instant.parse("2027-02-21T10:00:00Z")); // 92 days later
            assertThat(events.dailyValue(DAY, EVENTS)).isNull();
            assertThat(events.dailyValue(LocalDate.parse("2027-02-21"), EVENTS)).isEqualTo(1);
        }
    }

    @Test
    void badEventsGoToTheDeadLetterQueueWithTheirReasonAndTheStreamGoesOn() {
        try (EventPipeline events = pipeline(Map.of("EVENTS_MAX_FUTURE", "5m"))) {
            Instant now = Instant.parse("2026-11-21T10:00:00Z");
            events.raw("s1", "not json", now);
            events.raw("s1", "{\"session_id\":\"s1\",\"event_type\":\"page_view\"}", now);
            events.raw("other", "{\"session_id\":\"s1\",\"event_type\":\"page_view\",\"event_action\":\"view\"}", now);
            events.send("e1", "s1", "u1", "page_view", "view", now.plus(Duration.ofMinutes(6)), now);
            events.raw("s1", "{\"session_id\":\"s1\",\"event_type\":\"page_view\",\"event_action\":\"view\","
                    + "\"metadata\":{\"blob\":\"" + "x".repeat(40_000) + "\"}}", now);
            events.send("e2", "s1", "u1", "page_view", "view", now.plus(Duration.ofMinutes(4)), now);

            List<DlqRecord.Reason> reasons = events.deadLetters().stream()
                    .map(r -> DlqRecord.readFrom(r.headers()).reason()).toList();
            assertThat(reasons).containsExactly(DlqRecord.Reason.INVALID_JSON, DlqRecord.Reason.SCHEMA_VIOLATION,
                    DlqRecord.Reason.KEY_MISMATCH, DlqRecord.Reason.SCHEMA_VIOLATION,
                    DlqRecord.Reason.SCHEMA_VIOLATION);
            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(1);
        }
    }

    @Test
    void anotherProducersEventWithoutIdOrTimestampIsCountedAtItsRecordTime() {
        try (EventPipeline events = pipeline(Map.of())) {
            Instant received = Instant.parse("2026-11-21T08:05:00Z");
            events.send(null, "s1", null, "checkout", "step_1", null, received);
            events.send(null, "s1", null, "checkout", "step_1", null, received);
            assertThat(events.hourlyValue(Instant.parse("2026-11-21T08:00:00Z"),
                    key("events", "event_type:event_action", "checkout:step_1"))).isEqualTo(2);
        }
    }

    @Test
    void withFinalEmissionEachRowIsPublishedOnceWhenItsWindowCloses() {
        try (EventPipeline events = pipeline(Map.of("METRICS_EMIT", "final", "EVENTS_GRACE", "10m"))) {
            events.view("e1", "s1", "u1", Instant.parse("2026-11-21T10:00:00Z"));
            events.view("e2", "s2", "u2", Instant.parse("2026-11-21T23:00:00Z"));
            assertThat(events.dailyRows()).isEmpty();

            events.view("e3", "s1", "u1", Instant.parse("2026-11-22T00:10:00Z"));
            List<TestRecord<String, DailyMetric>> rows = events.dailyRows();
            assertThat(rows).extracting(TestRecord::key).doesNotHaveDuplicates()
                    .contains("2026-11-21|events|all|all");
            assertThat(rows).extracting(TestRecord::value)
                    .contains(new DailyMetric(DAY, "events", "all", "all", 2))
                    .allMatch(row -> row.date().equals(DAY));
        }
    }

    @Test
    void distinctUsersAreEstimatedWithinTheStatedErrorAt100kUsers() {
        try (EventPipeline events = pipeline(Map.of())) {
            Instant t = Instant.parse("2026-11-21T10:00:00Z");
            int users = 100_000;
            for (int i = 0; i < users; i++) {
                events.view("e" + i, "s" + i, "user-" + i, t.plusMillis(i));
                if (i % 1000 == 0) {
                    events.forgetOutput();
                }
            }
            long estimate = events.dailyValue(DAY, key("active_users", "all", "all"));
            assertThat(Math.abs(estimate - users) / (double) users).isLessThanOrEqualTo(0.02);
            assertThat(events.dailyValue(DAY, EVENTS)).isEqualTo(users);
        }
    }

    @Test
    void namesBeyondTheDaysCapCountUnderOther() {
        try (EventPipeline events = pipeline(Map.of("METRICS_MAX_EVENT_TYPES", "2", "METRICS_MAX_EVENT_ACTIONS", "3"))) {
            Instant at = EventPipeline.START;
            events.send("e1", "s1", "u1", "view", "a", at, at);
            events.send("e2", "s1", "u1", "view", "b", at, at);
            events.send("e3", "s1", "u2", "cart", "a", at, at);
            // Three pairs are named now: the fourth pair of a named type counts under cart:(other).
            events.send("e4", "s1", "u2", "cart", "b", at, at);
            // Two types are named now: a third, and every pair of it, counts under (other).
            events.send("e5", "s1", "u3", "random-1", "x", at, at);
            events.send("e6", "s1", "u4", "random-2", "x", at, at);
            // A name admitted earlier that day is still counted by name.
            events.send("e7", "s1", "u1", "view", "a", at, at);

            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            assertThat(events.dailyValue(day, EventPipeline.key("events", "event_type", "view"))).isEqualTo(3);
            assertThat(events.dailyValue(day, EventPipeline.key("events", "event_type", "(other)"))).isEqualTo(2);
            assertThat(events.dailyValue(day, EventPipeline.key("events", "event_type", "random-1"))).isNull();
            assertThat(events.dailyValue(day, EventPipeline.key("active_users", "event_type", "(other)"))).isEqualTo(2);
            assertThat(events.dailyValue(day, EventPipeline.key("events", "event_type:event_action", "cart:(other)")))
                    .isEqualTo(1);
            assertThat(events.dailyValue(day, EventPipeline.key("events", "event_type:event_action", "(other)")))
                    .isEqualTo(2);
            assertThat(events.dailyValue(day, EventPipeline.key("events", "all", "all"))).isEqualTo(7);
            assertThat(events.outcomes.overCap).containsExactlyInAnyOrderEntriesOf(Map.of(
                    Metric.Dimension.EVENT_TYPE, 2, Metric.Dimension.EVENT_TYPE_ACTION, 1));

            // The next day names afresh.
            Instant tomorrow = at.plus(Duration.ofDays(1));
            events.send("e8", "s1", "u3", "random-1", "x", tomorrow, tomorrow);
            assertThat(events.dailyValue(day.plusDays(1), EventPipeline.key("events", "event_type", "random-1")))
                    .isEqualTo(1);
        }
    }
}
