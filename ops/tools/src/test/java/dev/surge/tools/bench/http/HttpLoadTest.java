package dev.surge.tools.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against calls that stand in for a server: no HTTP, known service times. */
class HttpLoadTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /**
     * An interrupt left on the test thread by an earlier test in this JVM would make the load's
     * executor cancel its clients at once (ExecutorService.close), as one run in CI-like conditions
     * did: 31 ms and one error. The load's own behaviour is what these tests are about.
     */
    @BeforeEach
    void clearAStrayInterrupt() {
        Thread.interrupted();
    }

    private static Load closed(int connections, long warmupMs, long durationMs) {
        return new Load(Optional.empty(), connections, Duration.ofMillis(warmupMs), Duration.ofMillis(durationMs));
    }

    private static Load open(int rate, int connections, long durationMs) {
        return new Load(Optional.of(rate), connections, Duration.ZERO, Duration.ofMillis(durationMs));
    }

    @Test
    void closedModelCountsOnlyWhatTheMeasuredIntervalAnswered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpLoad.Outcome outcome = HttpLoad.run("test", closed(4, 300, 600), status -> status == 200, slot -> {
            calls.incrementAndGet();
            Thread.sleep(10);
            return 200;
        }, QUIET);

        // 4 clients of ~10 ms each for 0.6 s: at most 240 in the measured interval, fewer on a busy machine.
        assertThat(outcome.count()).isBetween(40L, 245L);
        assertThat(calls.get()).isGreaterThan((int) outcome.count());
        assertThat(outcome.seconds()).isBetween(0.6, 1.0);
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.latency().getTotalCount()).isEqualTo(outcome.count());
        assertThat(outcome.latency().getMinValue()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void failuresAreCountedByKindAndKeptOutOfTheLatencies() throws Exception {
        AtomicInteger n = new AtomicInteger();
        HttpLoad.Outcome outcome = HttpLoad.run("test", closed(2, 0, 300), status -> status == 202, slot -> {
            Thread.sleep(1);
            return switch (n.incrementAndGet() % 4) {
                case 0 -> 202;
                case 1 -> 503;
                case 2 -> throw new IOException("connection reset");
                default -> throw new java.io.UncheckedIOException(new SocketTimeoutException("read timed out"));
            };
        }, QUIET);

        assertThat(outcome.errors()).containsOnlyKeys("http 503", "io", "timeout");
        assertThat(outcome.count()).isPositive();
        assertThat(outcome.latency().getTotalCount()).isEqualTo(outcome.count());
    }

    @Test
    void openModelKeepsItsScheduleWhenTheServerKeepsUp() throws Exception {
        HttpLoad.Outcome outcome = HttpLoad.run("test", open(200, 8, 1_000), status -> status == 200,
                slot -> 200, QUIET);

        assertThat(outcome.count()).isBetween(190L, 200L);
        assertThat(outcome.throughput()).isBetween(150.0, 210.0);
        assertThat(outcome.errors()).isEmpty();
    }

    @Test
    void openModelLatencyCountsFromTheDueTimeSoQueueingShows() throws Exception {
        // One connection, a request due every 10 ms, each taking 30 ms: the schedule falls behind by
        // 20 ms per request. A closed-model view would say 30 ms; the open model shows the queue,
        // then skips what is more than a second late.
        HttpLoad.Outcome outcome = HttpLoad.run("test", open(100, 1, 2_000), status -> status == 200, slot -> {
            Thread.sleep(30);
            return 200;
        }, QUIET);

        assertThat(outcome.latency().getMaxValue()).isGreaterThan(500_000);
        assertThat(outcome.latency().getValueAtPercentile(50)).isGreaterThan(100_000);
        assertThat(outcome.errors()).containsOnlyKeys(HttpLoad.BACKLOG);
        assertThat(outcome.count()).isLessThan(100);
        // Every one of the 200 slots due in the 2 s was either sent or skipped, none counted twice.
        assertThat(outcome.count() + outcome.errors().get(HttpLoad.BACKLOG)).isEqualTo(200);
    }

    @Test
    void aFarOverloadedScheduleSkipsInBulkAndAccountsForEverySlot() throws Exception {
        // 100,000 a second for 1 s against calls of 50 ms on 4 connections: almost all skipped.
        HttpLoad.Outcome outcome = HttpLoad.run("test", open(100_000, 4, 1_500), status -> status == 200, slot -> {
            Thread.sleep(50);
            return 200;
        }, QUIET);

        // A slot is still sent up to a second late, so the connections work on for a second past the end.
        assertThat(outcome.count()).isBetween(1L, 4L * 2_500 / 50);
        assertThat(outcome.count() + outcome.errors().get(HttpLoad.BACKLOG)).isEqualTo(150_000);
    }
}
