package dev.surge.tools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The options of one {@code surge bench} run.
 *
 * @param rate        open model: requests (or orders) started per second, whatever the answers do; empty for closed
 * @param concurrency closed model: this many clients, each sending its next request when answered
 * @param duration    how long the measured part lasts (HTTP scenarios)
 * @param warmup      how long to load the system before measuring (HTTP scenarios)
 * @param items       distinct items the orders spread over
 * @param orders      orders pre-produced for the catch-up scenarios (topology, hot and their baselines)
 * @param json        where to write the results as JSON, if anywhere
 * @param target      a running Surge to measure over HTTP instead of one the bench starts
 * @param bootstrapServers a Kafka cluster instead of the embedded broker
 * @param redisUrl    a Redis instead of a redis-server the bench starts
 * @param topicPrefix the {@code --target} Surge's topic prefix (the Surge the bench starts has its own)
 */
public record BenchOptions(
        Optional<Integer> rate,
        int concurrency,
        Duration duration,
        Duration warmup,
        int items,
        int orders,
        Optional<Path> json,
        Optional<String> target,
        Optional<String> bootstrapServers,
        Optional<String> redisUrl,
        String topicPrefix) {
}
