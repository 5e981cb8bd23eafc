package dev.surge.tools.bench.http;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The HTTP scenarios' load generator: a warmup, then the measured interval, each request's
 * latency in microseconds into HdrHistogram and each failure counted by kind. One virtual thread
 * per connection. In the open model a request's latency counts from when it was due, not from
 * when it went out: when the server falls behind, the time requests wait for a free connection
 * shows in the figures instead of being left out (no coordinated omission). A request that could
 * not even start within {@link #BACKLOG_LIMIT} of its due time is skipped and counted as
 * "backlog", so that a stalled server cannot stretch the run without bound.
 */
final class HttpLoad {

    /** One request: when it was due (System.nanoTime) and whether it belongs to the measured interval. */
    record Slot(long dueNanos, boolean measured) {
    }

    /** Makes one request and returns the HTTP status. */
    @FunctionalInterface
    interface Call {
        int send(Slot slot) throws Exception;
    }

    /**
     * What the measured interval gave: requests answered with a success status, the interval in
     * seconds (from its start to the last answer of a request in it), their latencies, failures by kind.
     */
    record Outcome(long count, double seconds, Histogram latency, Map<String, Long> errors) {

        double throughput() {
            return seconds <= 0 ? 0 : count / seconds;
        }
    }

    static final long BACKLOG_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final String BACKLOG = "backlog";
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String name;
    private final Load load;
    private final IntPredicate success;
    private final PrintStream progress;
    private final LongAdder answered = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAccumulator lastAnswer = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<Histogram> histograms = new CopyOnWriteArrayList<>();
    private long start;
    private long measureFrom;
    private long end;

    private HttpLoad(String name, Load load, IntPredicate success, PrintStream progress) {
        this.name = name;
        this.load = load;
        this.success = success;
        this.progress = progress;
    }

    /**
     * Runs {@code call} under {@code load} and returns when every request has been answered.
     *
     * @param success which statuses count as done; any other is a failure "http &lt;status&gt;"
     */
    static Outcome run(String name, Load load, IntPredicate success, Call call, PrintStream progress)
            throws InterruptedException {
        return new HttpLoad(name, load, success, progress).run(call);
    }

    private Outcome run(Call call) throws InterruptedException {
        start = System.nanoTime();
        measureFrom = start + load.warmup().toNanos();
        end = measureFrom + load.duration().toNanos();
        AtomicLong nextSlot = new AtomicLong();
        Thread reporter = Thread.ofPlatform().daemon().name("bench-progress").start(this::report);
        try (ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < load.connections(); i++) {
                Histogram histogram = new Histogram(3);
                histograms.add(histogram);
                connections.submit(() -> {
                    if (load.open()) {
                        paced(call, nextSlot, histogram);
                    } else {
                        closed(call, histogram);
                    }
                });
            }
        } finally {
            reporter.interrupt();
        }
        Histogram latency = new Histogram(3);
        histograms.forEach(latency::add);
        long last = Math.max(end, lastAnswer.get());
        return new Outcome(succeeded.sum(), (last - measureFrom) / 1e9, latency,
                failures.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())));
    }

    /** A closed-model client: the next request as soon as the last is answered. */
    private void closed(Call call, Histogram histogram) {
        for (long now = System.nanoTime(); now < end && !Thread.currentThread().isInterrupted();
                now = System.nanoTime()) {
            attempt(call, new Slot(now, now >= measureFrom), histogram);
        }
    }

    /** An open-model connection: takes the next slot of the schedule, waits for its time, sends. */
    private void paced(Call call, AtomicLong nextSlot, Histogram histogram) {
        while (!Thread.currentThread().isInterrupted()) {
            long slot = nextSlot.getAndIncrement();
            long due = due(slot);
            if (due >= end) {
                return;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            if (now - due > BACKLOG_LIMIT_NANOS) {
                // Everything due before now - limit is skipped in one step: slot by slot would burn
                // the CPU the server needs to catch up.
                long firstInTime = slotDueAt(now - BACKLOG_LIMIT_NANOS);
                long claimedUpTo = Math.max(slot + 1, nextSlot.getAndAccumulate(firstInTime, Math::max));
                long skipped = measuredSlots(slot, slot + 1) + measuredSlots(claimedUpTo, firstInTime);
                if (skipped > 0) {
                    failures.computeIfAbsent(BACKLOG, k -> new LongAdder()).add(skipped);
                }
                continue;
            }
            attempt(call, new Slot(due, due >= measureFrom), histogram);
        }
    }

    /** When slot {@code n} of the open model's schedule is due. */
    private long due(long n) {
        return start + n * 1_000_000_000L / load.rate().orElseThrow();
    }

    /** The first slot due at or after {@code nanoTime}. */
    private long slotDueAt(long nanoTime) {
        return Math.ceilDiv((nanoTime - start) * load.rate().orElseThrow(), 1_000_000_000L);
    }

    /** How many of the slots from {@code from} to {@code to} (exclusive) are due in the measured interval. */
    private long measuredSlots(long from, long to) {
        return Math.max(0, Math.min(to, slotDueAt(end)) - Math.max(from, slotDueAt(measureFrom)));
    }

    private void attempt(Call call, Slot slot, Histogram histogram) {
        String failure;
        try {
            int status = call.send(slot);
            failure = success.test(status) ? null : "http " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            failure = FailureKind.of(e);
        }
        long answeredAt = System.nanoTime();
        answered.increment();
        if (!slot.measured()) {
            return;
        }
        lastAnswer.accumulate(answeredAt);
        if (failure == null) {
            succeeded.increment();
            histogram.recordValue(Math.max(0, (answeredAt - slot.dueNanos()) / 1000));
        } else {
            failures.computeIfAbsent(failure, k -> new LongAdder()).increment();
        }
    }

    /** Every few seconds while it runs: where it is and the rate of answers. */
    private void report() {
        long previous = 0;
        long previousAt = start;
        try {
            while (true) {
                Thread.sleep(PROGRESS_EVERY_NANOS / 1_000_000);
                long now = System.nanoTime();
                long count = answered.sum();
                long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
                String phase = now < measureFrom ? "warmup" : now < end ? "measuring" : "finishing";
                progress.printf("    %s: %s %ds, %,.0f answers/s%s%n", name, phase, (now - start) / 1_000_000_000L,
                        (count - previous) * 1e9 / (now - previousAt), failed == 0 ? "" : ", " + failed + " failed");
                previous = count;
                previousAt = now;
            }
        } catch (InterruptedException e) {
            // The run is over.
        }
    }
}
