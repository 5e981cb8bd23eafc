package dev.surge.tools.bench;

import dev.surge.config.SurgeConfig;
import dev.surge.node.Ports;
import dev.surge.node.SurgeNode;
import dev.surge.node.kafka.LocalKafka;
import dev.surge.local.EmbeddedKafka;
import dev.surge.node.lifecycle.ScratchDirectories;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What scenarios of one bench run share, started on first use and stopped at the end: the Kafka
 * cluster (the embedded broker unless {@code --bootstrap-servers}), a Surge node serving HTTP
 * (unless {@code --target}), a Redis (a {@code redis-server} it starts unless {@code --redis}).
 * Scenarios that must start from empty topics ask for a {@link #freshPrefix} instead of sharing.
 */
public final class BenchContext implements AutoCloseable {

    private final BenchOptions options;
    private final PrintStream progress;
    private final Path scratch;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AtomicInteger runs = new AtomicInteger();
    private EmbeddedKafka kafka;
    private SurgeNode surge;
    private RedisServer redis;

    public BenchContext(BenchOptions options, PrintStream progress) throws IOException {
        this.options = options;
        this.progress = progress;
        this.scratch = Files.createTempDirectory("surge-bench-");
    }

    public BenchOptions options() {
        return options;
    }

    /** Where scenarios say what they are doing while they run. */
    public PrintStream progress() {
        return progress;
    }

    public synchronized String bootstrapServers() {
        if (options.bootstrapServers().isPresent()) {
            return options.bootstrapServers().get();
        }
        if (kafka == null) {
            progress.println("  starting the embedded Kafka broker...");
            kafka = EmbeddedKafka.start(0, scratch.resolve("kafka"));
            started.push(kafka);
        }
        return kafka.bootstrapServers();
    }

    /** A topic prefix and application id no earlier scenario of this run used: its topics start empty. */
    public String freshPrefix(String scenario) {
        return "bench-" + scenario + "-" + runs.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".";
    }

    /** A state directory of its own for one Kafka Streams application. */
    private Path stateDir(String prefix) {
        return scratch.resolve("streams").resolve(prefix);
    }

    /**
     * Surge's base URL: {@code --target}, or one Surge (role all, exactly-once, in-process edge
     * stores, rate limits off so that the load is measured rather than refused) on the bench's
     * Kafka, started once and shared by the HTTP scenarios.
     */
    public synchronized String surgeUrl() throws Exception {
        if (options.target().isPresent()) {
            return options.target().get();
        }
        if (surge == null) {
            progress.println("  starting Surge (role all)...");
            String prefix = freshPrefix("surge");
            surge = SurgeNode.start(surgeConfig(prefix, Map.of()), Ports.anyFree(), LocalKafka.NONE);
            started.push(surge);
        }
        return surge.baseUrl();
    }

    /** The Surge node the bench started, if it started one (for its Kafka settings). */
    public synchronized SurgeNode surgeNode() {
        return surge;
    }

    /**
     * Settings for a Surge (or its topology alone) on the bench's Kafka: its own topics and
     * application id under {@code prefix}, its own state directory, no rate limits.
     */
    public SurgeConfig surgeConfig(String prefix, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        settings.put("TOPIC_PREFIX", prefix);
        settings.put("APPLICATION_ID", prefix + "surge");
        settings.put("STATE_DIR", stateDir(prefix).toString());
        settings.put("RATE_LIMIT_MAX_REQUESTS", "0");
        settings.put("RATE_LIMIT_API_KEY_MAX_REQUESTS", "0");
        settings.put("RATE_LIMIT_IP_MAX_REQUESTS", "0");
        settings.put("API_KEYS", "");
        settings.put("HTTP_HOST", "127.0.0.1");
        settings.put("REDIS_URL", "");
        settings.putAll(overrides);
        // The user's environment may tune Surge (STREAM_THREADS, KAFKA_*), but not move it off the bench's topics.
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(settings);
        return SurgeConfig.load(env, Map.of());
    }

    public synchronized String redisUrl() {
        if (options.redisUrl().isPresent()) {
            return options.redisUrl().get();
        }
        if (redis == null) {
            progress.println("  starting redis-server...");
            redis = RedisServer.start(scratch.resolve("redis"));
            started.push(redis);
        }
        return redis.url();
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                progress.println("  (stopping: " + e.getMessage() + ")");
            }
        }
        ScratchDirectories.deleteQuietly(scratch);
    }
}
