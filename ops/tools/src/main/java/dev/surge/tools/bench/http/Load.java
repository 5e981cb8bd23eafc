package dev.surge.tools.bench.http;

import dev.surge.tools.bench.BenchOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * How an HTTP scenario loads the server. Closed model: {@code connections} clients, each sending
 * its next request when the last was answered, so the figure is what the server sustains. Open
 * model: {@code rate} requests a second started on schedule whatever the answers do, at most
 * {@code connections} in flight, so the figure is the latency at that rate.
 */
record Load(Optional<Integer> rate, int connections, Duration warmup, Duration duration) {

    static Load from(BenchOptions options) {
        return new Load(options.rate(), options.concurrency(), options.warmup(), options.duration());
    }

    /** The open model at {@code rate}, otherwise as {@code options} say. */
    static Load open(int rate, BenchOptions options) {
        return new Load(Optional.of(rate), options.concurrency(), options.warmup(), options.duration());
    }

    boolean open() {
        return rate.isPresent();
    }

    /** For the report: "closed 64" or "open 5000/s (≤ 64 in flight)", and the times. */
    String describe() {
        String model = rate.map(r -> "open " + r + "/s (≤ " + connections + " in flight)")
                .orElse("closed " + connections);
        return model + ", " + text(warmup) + " warmup + " + text(duration);
    }

    static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
