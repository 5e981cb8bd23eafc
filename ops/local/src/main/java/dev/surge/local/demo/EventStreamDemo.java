package dev.surge.local.demo;

import dev.surge.local.demo.EventTraffic.Kind;
import dev.surge.local.demo.EventTraffic.PlannedEvent;
import dev.surge.node.kafka.TopicTail;
import dev.surge.schemas.DlqRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the demo's analytics events in batches through POST /v1/events (JSON arrays, wrapped
 * objects and NDJSON, half of them gzipped) while the sale runs, keeps the exact figures the
 * metrics should show, then reads today's metrics back over HTTP and compares.
 */
final class EventStreamDemo {

    private static final String[] FORMATS = {"application/json", "application/json", "application/x-ndjson"};

    private final DemoClient client;
    private final EventTraffic traffic;
    private final List<PlannedEvent> sent = new ArrayList<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Map<Kind, LongAdder> acceptedByKind = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> failedBatches = new ConcurrentHashMap<>();
    private final Set<String> usersToday = ConcurrentHashMap.newKeySet();
    private final Set<String> sessionsToday = ConcurrentHashMap.newKeySet();
    private final LongAdder countedToday = new LongAdder();
    private final Set<LocalDate> lateDays = ConcurrentHashMap.newKeySet();
    private LocalDate today;
    private long sendingNanos;

    EventStreamDemo(DemoClient client, EventTraffic traffic) {
        this.client = client;
        this.traffic = traffic;
    }

    /** Sends every batch, each when the traffic's pace says; returns when all were answered. */
    void send() throws Exception {
        today = LocalDate.now(ZoneOffset.UTC);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < traffic.senders(); s++) {
                senders.submit(() -> {
                    for (int b = next.getAndIncrement(); b < traffic.batches(); b = next.getAndIncrement()) {
                        DemoPace.sleepUntil(start, traffic.sendAt(b));
                        sendBatch(b);
                    }
                    return null;
                });
            }
        }
        sendingNanos = System.nanoTime() - start;
    }

    /** From the first batch sent to the last answered. */
    Duration sendingTime() {
        return Duration.ofNanos(sendingNanos);
    }

    /** Events accepted so far (202), for the progress line of a sale they run alongside. */
    long accepted() {
        return accepted.sum();
    }

    private void sendBatch(int index) throws Exception {
        List<PlannedEvent> batch = traffic.batch(index, Instant.now(), this::earlierEvent);
        String format = FORMATS[index % FORMATS.length];
        String body = format.endsWith("ndjson")
                ? String.join("\n", batch.stream().map(PlannedEvent::json).toList())
                : wrap(index, String.join(",", batch.stream().map(PlannedEvent::json).toList()));
        DemoClient.EventsPosted posted = client.postEvents(body.getBytes(StandardCharsets.UTF_8), format,
                index % 2 == 0);
        if (posted.status() != 202) {
            failedBatches.computeIfAbsent(posted.status(), s -> new LongAdder()).increment();
            return;
        }
        accepted.add(posted.accepted());
        refused.add(posted.rejected());
        for (PlannedEvent event : batch) {
            if (event.kind() != Kind.MALFORMED) {
                acceptedByKind.computeIfAbsent(event.kind(), k -> new LongAdder()).increment();
            }
            if (event.kind() == Kind.LATE) {
                lateDays.add(event.day());
            }
            if (event.kind() == Kind.NEW && event.day().equals(today)) {
                countedToday.increment();
                sessionsToday.add(event.sessionId());
                if (event.userId() != null) {
                    usersToday.add(event.userId());
                }
            }
        }
        synchronized (sent) {
            batch.stream().filter(e -> e.kind() == Kind.NEW).forEach(sent::add);
        }
    }

    private static String wrap(int index, String events) {
        return index % FORMATS.length == 0 ? "[" + events + "]" : "{\"events\":[" + events + "]}";
    }

    /** An event an earlier batch queued, to send again as a client's retry would. */
    private PlannedEvent earlierEvent(Random random) {
        synchronized (sent) {
            return sent.isEmpty() ? null : sent.get(random.nextInt(sent.size()));
        }
    }

    /**
     * Waits until today's event count over HTTP reaches what was sent (or stops moving), then reads
     * the rest of the summary, and counts the LATE records on events-dlq from {@code dlq}.
     */
    EventSummary summarize(TopicTail dlq, long startNanos) throws Exception {
        String day = today.toString();
        long expected = countedToday.sum();
        long counted = -1;
        long settledAt = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long now = total("events", today);
            if (now != counted) {
                counted = now;
                settledAt = System.nanoTime();
            }
            if (counted >= expected || System.nanoTime() - settledAt > Duration.ofSeconds(20).toNanos()) {
                break;
            }
            Thread.sleep(250);
        }
        long countedAfterNanos = settledAt - startNanos;
        // A late event that is the first on its partition is not late by that partition's stream
        // time: the topology counts it in its own day (README, "Counting"). Those days hold nothing else.
        long lateCounted = 0;
        for (LocalDate lateDay : lateDays) {
            lateCounted += total("events", lateDay);
        }
        List<String> top = new ArrayList<>();
        for (var row : client.metricRows("/v1/metrics/daily/top?date=" + day + "&dimension_key=event_type&limit=5")) {
            top.add(row.path("dimension_value").asText() + " " + String.format("%,d", row.path("value").asLong()));
        }
        return new EventSummary(traffic.batches(), traffic.events(), accepted.sum(), refused.sum(),
                failedBatches.values().stream().mapToLong(LongAdder::sum).sum(),
                acceptedByKind.getOrDefault(Kind.DUPLICATE, new LongAdder()).sum(),
                acceptedByKind.getOrDefault(Kind.LATE, new LongAdder()).sum(), countLate(dlq, lateCounted),
                lateCounted, counted, expected, total("active_users", today), usersToday.size(),
                total("active_sessions", today), sessionsToday.size(), top,
                Duration.ofNanos(sendingNanos), Duration.ofNanos(countedAfterNanos));
    }

    private long total(String metric, LocalDate date) throws Exception {
        String day = date.toString();
        var rows = client.metricRows("/v1/metrics/daily?metric=" + metric + "&from=" + day + "&to=" + day);
        return rows.isEmpty() ? 0 : rows.get(0).path("value").asLong();
    }

    private long countLate(TopicTail dlq, long lateCounted) {
        return dlq.count(record -> DlqRecord.readFrom(record.headers()).reason() == DlqRecord.Reason.LATE,
                acceptedByKind.getOrDefault(Kind.LATE, new LongAdder()).sum() - lateCounted, Duration.ofSeconds(30));
    }
}
