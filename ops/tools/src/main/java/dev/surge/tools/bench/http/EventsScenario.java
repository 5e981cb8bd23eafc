package dev.surge.tools.bench.http;

import dev.surge.tools.bench.BenchContext;
import dev.surge.tools.bench.BenchOptions;
import dev.surge.tools.bench.Scenario;
import dev.surge.tools.bench.ScenarioResult;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code events}: batches of analytics events through POST /v1/events, then today's event count
 * read back over HTTP as the demo does, until everything accepted is counted. The figure is the
 * topology's: events counted per second from the first measured send until the last was counted.
 */
public final class EventsScenario implements Scenario {

    /** As the demo: a few clients with big batches keep the ingress ahead of the topology. */
    static final int SENDERS = 4;
    private static final Duration POLL = Duration.ofMillis(100);

    /** A count read back over HTTP and when (System.nanoTime) it reached that value. */
    private record Count(long value, long at) {
    }

    /** What a sending phase gave: events accepted, failed batches by kind. */
    private record Sent(long accepted, Map<String, Long> errors) {
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String description() {
        return "POST /v1/events, batches of " + EventBatches.SIZE + " from " + SENDERS + " clients for --warmup (then"
                + " counted) and --duration; events/s = events counted by the topology (GET /v1/metrics/daily) from the"
                + " first measured send until all are counted; checks each accepted event is counted once";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        BenchOptions options = context.options();
        EventBatches batches = new EventBatches();
        // Two days: a run across midnight (UTC) counts on both.
        LocalDate from = LocalDate.now(ZoneOffset.UTC);
        LocalDate to = from.plusDays(1);
        try (SurgeApi api = new SurgeApi(SurgeTarget.of(context).baseUrl(), SENDERS)) {
            long before = api.dailyTotal("events", from, to);
            long warmupAccepted = 0;
            if (!options.warmup().isZero()) {
                warmupAccepted = send(api, batches, options.warmup(), "events warmup", context).accepted();
                context.progress().printf("  %s: waiting until the warmup's %,d events are counted...%n", name(),
                        warmupAccepted);
                awaitCount(api, from, to, before + warmupAccepted);
            }
            long base = api.dailyTotal("events", from, to);
            long firstSend = System.nanoTime();
            Sent sent = send(api, batches, options.duration(), name(), context);
            context.progress().printf("  %s: waiting until %,d events are counted...%n", name(), sent.accepted());
            Count counted = awaitCount(api, from, to, base + sent.accepted());
            long expected = warmupAccepted + sent.accepted();
            long countedInAll = counted.value() - before;
            Invariants invariants = new Invariants(0, Math.max(0, expected - countedInAll),
                    Math.max(0, countedInAll - expected));
            return new ScenarioResult(name(), "events/s", counted.value() - base, (counted.at() - firstSend) / 1e9,
                    Optional.empty(), sent.errors(), Optional.of(invariants),
                    SENDERS + " clients, batches of " + EventBatches.SIZE + ", " + Load.text(options.warmup())
                            + " warmup + " + Load.text(options.duration()));
        }
    }

    private static Sent send(SurgeApi api, EventBatches batches, Duration duration, String phase, BenchContext context)
            throws InterruptedException {
        LongAdder accepted = new LongAdder();
        Load load = new Load(Optional.empty(), SENDERS, Duration.ZERO, duration);
        HttpLoad.Outcome outcome = HttpLoad.run(phase, load, status -> status == 202, slot -> {
            SurgeApi.EventsPosted posted = api.postEvents(batches.next());
            accepted.add(posted.accepted());
            return posted.status();
        }, context.progress());
        return new Sent(accepted.sum(), outcome.errors());
    }

    /** Polls the count until it reaches {@code expected} or stops moving for {@link OrderChecks#PATIENCE}. */
    private static Count awaitCount(SurgeApi api, LocalDate from, LocalDate to, long expected)
            throws IOException, InterruptedException {
        Count last = new Count(api.dailyTotal("events", from, to), System.nanoTime());
        while (last.value() < expected && System.nanoTime() - last.at() < OrderChecks.PATIENCE.toNanos()) {
            Thread.sleep(POLL.toMillis());
            long value = api.dailyTotal("events", from, to);
            if (value != last.value()) {
                last = new Count(value, System.nanoTime());
            }
        }
        return last;
    }
}
