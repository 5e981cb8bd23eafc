package dev.surge.query.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The last minute of one instance, second by second, and several instances' minutes merged. */
class SaleActivityTest {

    private static final Instant T0 = Instant.parse("2026-12-06T16:00:00Z");
    private static final List<String> TOPICS = List.of("orders", "inventory-commands", "order-commands",
            "order-results", "events");

    private final AtomicLong millis = new AtomicLong(T0.toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private final SaleActivity activity = new SaleActivity(TOPICS, clock);

    @Test
    void eachSecondIsCountedInItsPlaceAndTheCurrentOneIsLeftOut() {
        at("16:00:00.500");
        decide(3, OrderStatus.RESERVED, 5);
        at("16:00:01.200");
        decide(2, OrderStatus.SOLD_OUT, 5);

        ActivityReport report = activity.lastMinute().report(List.of(), false);

        assertThat(report.until()).isEqualTo(Instant.parse("2026-12-06T16:00:01Z"));
        assertThat(report.perSecond()).hasSize(60);
        assertThat(report.perSecond().getFirst().at()).isEqualTo(Instant.parse("2026-12-06T15:59:01Z"));
        assertThat(report.perSecond().getLast()).isEqualTo(new ActivityReport.Second(T0, 3));
        assertThat(report.decided()).isEqualTo(3);
        assertThat(report.results()).containsEntry("reserved", 3L).containsEntry("sold_out", 0L);

        at("16:00:02.000");
        ActivityReport next = activity.lastMinute().report(List.of(), false);

        assertThat(next.decided()).isEqualTo(5);
        assertThat(next.perSecond().subList(58, 60)).extracting(ActivityReport.Second::decided).containsExactly(3L, 2L);
        assertThat(next.ordersPerSecond()).isEqualTo(0.1);
    }

    @Test
    void aSecondLeavesTheWindowAMinuteAfterItEnded() {
        at("16:00:00.000");
        decide(4, OrderStatus.CONFIRMED, 10);

        at("16:01:00.999");
        assertThat(activity.lastMinute().report(List.of(), false).decided()).isEqualTo(4);
        at("16:01:01.000");
        ActivityReport later = activity.lastMinute().report(List.of(), false);
        assertThat(later.decided()).isZero();
        assertThat(later.latencyMs()).isEqualTo(new ActivityReport.Latency(0, null, null, null, null));
    }

    @Test
    void theRingReusesItsSlotsWithoutCarryingOldCounts() {
        // 200 seconds: second i decides i % 7 orders of latency i ms; each slot is reused three times.
        for (int i = 0; i < 200; i++) {
            millis.set(T0.toEpochMilli() + i * 1000L + 300);
            decide(i % 7, OrderStatus.RESERVED, i);
        }
        millis.set(T0.toEpochMilli() + 200_000);

        ActivityReport report = activity.lastMinute().report(List.of(), false);

        List<Long> expected = new ArrayList<>();
        for (int i = 140; i < 200; i++) {
            expected.add((long) (i % 7));
        }
        assertThat(report.perSecond()).extracting(ActivityReport.Second::decided).isEqualTo(expected);
        assertThat(report.decided()).isEqualTo(expected.stream().mapToLong(Long::longValue).sum());
        assertThat(report.latencyMs().count()).isEqualTo(report.decided());
        assertThat(report.latencyMs().max()).isEqualTo(199.0);
        assertThat(report.perSecond().getFirst().at()).isEqualTo(T0.plusSeconds(140));
    }

    @Test
    void percentilesOfTwoInstancesComeFromTheirMergedHistogram() throws IOException {
        SaleActivity other = new SaleActivity(TOPICS, clock);
        at("16:00:00.100");
        decide(90, OrderStatus.RESERVED, 10);
        for (int i = 0; i < 10; i++) {
            other.orderDecided(OrderStatus.SOLD_OUT, Duration.ofMillis(200));
        }
        other.deadLettered("orders", DlqRecord.Reason.SCHEMA_VIOLATION);
        activity.deadLettered("orders", DlqRecord.Reason.SCHEMA_VIOLATION);
        at("16:00:01.000");

        // As the other instance sends it, and the instance asked reads it back.
        String wire = Json.toString(other.lastMinute().report(List.of(), true));
        ActivityWindow merged = activity.lastMinute();
        merged.add(Json.MAPPER.readValue(wire, ActivityReport.class));
        ActivityReport report = merged.report(List.of(), false);

        // Averaging each instance's percentiles would say p50 = 105 ms; 90 of the 100 orders took 10 ms.
        assertThat(report.latencyMs()).isEqualTo(new ActivityReport.Latency(100, 10.0, 10.0, 200.0, 200.0));
        assertThat(report.results()).containsEntry("reserved", 90L).containsEntry("sold_out", 10L);
        assertThat(report.perSecond().getLast().decided()).isEqualTo(100);
        assertThat(report.deadLetters())
                .containsExactly(new ActivityReport.DeadLetters("orders", "SCHEMA_VIOLATION", 2));
        assertThat(report.latencyHistogram()).isNull();
        assertThat(wire).contains("\"latency_histogram\":\"");
    }

    @Test
    void everyMoveIsListedAndDeadLettersLargestFirst() {
        at("16:00:00.000");
        activity.orderMoved(OrderStatus.RESERVED, OrderStatus.CONFIRMED);
        activity.orderMoved(OrderStatus.RESERVED, OrderStatus.CONFIRMED);
        activity.orderMoved(OrderStatus.WAITLISTED, OrderStatus.RESERVED);
        activity.deadLettered("events", DlqRecord.Reason.LATE);
        activity.deadLettered("orders", DlqRecord.Reason.INVALID_JSON);
        activity.deadLettered("orders", DlqRecord.Reason.INVALID_JSON);
        activity.deadLettered("somewhere-else", DlqRecord.Reason.PROCESSING_ERROR);
        at("16:00:01.000");

        ActivityReport report = activity.lastMinute().report(List.of(), false);

        assertThat(report.transitions()).containsExactly(
                new ActivityReport.Transition("reserved", "confirmed", 2),
                new ActivityReport.Transition("reserved", "cancelled", 0),
                new ActivityReport.Transition("reserved", "expired", 0),
                new ActivityReport.Transition("waitlisted", "reserved", 1),
                new ActivityReport.Transition("waitlisted", "sold_out", 0),
                new ActivityReport.Transition("waitlisted", "cancelled", 0));
        assertThat(report.deadLetters()).containsExactly(
                new ActivityReport.DeadLetters("orders", "INVALID_JSON", 2),
                new ActivityReport.DeadLetters("(other)", "PROCESSING_ERROR", 1),
                new ActivityReport.DeadLetters("events", "LATE", 1));
        assertThat(report.results()).hasSize(OrderStatus.values().length).containsOnlyKeys("reserved", "sold_out",
                "rejected", "duplicate", "waitlisted", "confirmed", "cancelled", "expired");
        assertThat(report.decided()).isZero();
    }

    @Test
    void latenciesBelowZeroAreZeroAndAboveAnHourAnHour() {
        at("16:00:00.000");
        activity.orderDecided(OrderStatus.REJECTED, Duration.ofMillis(-40));
        activity.orderDecided(OrderStatus.REJECTED, Duration.ofDays(2));
        at("16:00:01.000");

        ActivityReport.Latency latency = activity.lastMinute().report(List.of(), false).latencyMs();

        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.p50()).isZero();
        // HdrHistogram names the highest value of the bucket an hour falls in: within its 1%.
        assertThat(latency.max()).isBetween(3_600_000.0, 3_636_000.0);
    }

    @Test
    void memoryStaysTheSameHoweverManySecondsGoBy() {
        long empty = activity.footprintBytes();
        for (int second = 0; second < 5_000; second++) {
            millis.set(T0.toEpochMilli() + second * 1000L);
            for (OrderStatus status : OrderStatus.values()) {
                activity.orderDecided(status, Duration.ofMillis(second * 37L % 3_000_000));
                status.movesTo().forEach(to -> activity.orderMoved(status, to));
            }
            for (DlqRecord.Reason reason : DlqRecord.Reason.values()) {
                activity.deadLettered("topic-" + second, reason);
                activity.deadLettered(TOPICS.get(second % TOPICS.size()), reason);
            }
        }

        assertThat(activity.footprintBytes()).isEqualTo(empty).isLessThan(1024 * 1024);
        assertThat(activity.lastMinute().report(List.of(), false).decided())
                .isEqualTo(60L * OrderStatus.values().length);
    }

    @Test
    void decisionsFromSeveralStreamThreadsAreAllCounted() throws Exception {
        at("16:00:00.000");
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> decide(50_000, OrderStatus.RESERVED, 3)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        at("16:00:01.000");

        ActivityReport report = activity.lastMinute().report(List.of(), false);

        assertThat(report.decided()).isEqualTo(200_000);
        assertThat(report.latencyMs().count()).isEqualTo(200_000);
    }

    private void at(String time) {
        millis.set(Instant.parse("2026-12-06T" + time + "Z").toEpochMilli());
    }

    private void decide(int orders, OrderStatus status, long latencyMillis) {
        for (int i = 0; i < orders; i++) {
            activity.orderDecided(status, Duration.ofMillis(latencyMillis));
        }
    }
}
