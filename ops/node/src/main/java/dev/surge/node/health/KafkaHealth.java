package dev.surge.node.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Kafka is up when the cluster answers a describe within a short timeout; the answer is cached briefly. */
public final class KafkaHealth implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CACHE = Duration.ofSeconds(1);

    private final Admin admin;
    private volatile Health last;
    private volatile long lastAt;

    public KafkaHealth(Admin admin) {
        this.admin = admin;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized Health check() {
        if (last != null && System.nanoTime() - lastAt < CACHE.toNanos()) {
            return last;
        }
        Health health;
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            health = brokers > 0 ? Health.up(brokers + " broker(s)") : Health.down("no brokers");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            health = Health.down("interrupted");
        } catch (Exception e) {
            health = Health.down("cluster did not answer: " + e.getClass().getSimpleName());
        }
        last = health;
        lastAt = System.nanoTime();
        return health;
    }
}
