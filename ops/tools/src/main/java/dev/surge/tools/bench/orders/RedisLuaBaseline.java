package dev.surge.tools.bench.orders;

import dev.surge.config.SurgeConfig;
import dev.surge.tools.bench.BenchContext;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The design Surge replaces, done competently: Kafka consumers that check and decrement each
 * item's stock in Redis with a Lua script and produce a result per order, at-least-once. One
 * worker per Surge stream thread, in one consumer group, over the same backlog; the stock lives
 * in a real {@code redis-server} (whose own CPU is not in the bench's CPU figure).
 */
public final class RedisLuaBaseline extends CatchUp {

    @Override
    public String name() {
        return "baseline-redis-lua";
    }

    @Override
    public String description() {
        return "baseline: Kafka consumers + Redis EVALSHA check-and-decrement + result producer, at-least-once";
    }

    @Override
    Running start(BenchContext context, SurgeConfig config, OrderBacklog backlog) {
        String prefix = config.kafka().topicPrefix();
        RedisClient redis = RedisClient.create(context.redisUrl());
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        try (StatefulRedisConnection<String, String> setup = redis.connect()) {
            String sha = setup.sync().scriptLoad(LuaStockWorker.SCRIPT);
            for (int i = 0; i < backlog.items(); i++) {
                setup.async().set(LuaStockWorker.stockKey(prefix, backlog.item(i)),
                        Long.toString(backlog.stockPerItem()));
            }
            setup.sync().ping();
            Map<String, Object> clients = Map.of("bootstrap.servers", context.bootstrapServers());
            for (int i = 0; i < config.streams().threads(); i++) {
                LuaStockWorker worker = new LuaStockWorker(clients, prefix, backlog.topics(), redis.connect(), sha,
                        running);
                workers.add(Thread.ofPlatform().name(name() + "-" + i).start(worker));
            }
        }
        return () -> {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(Duration.ofSeconds(30));
            }
            redis.shutdown();
        };
    }
}
