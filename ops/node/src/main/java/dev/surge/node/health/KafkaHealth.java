package dev.surge.node.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Kafka is up when the cluster answers a describe within a short timeout, and its brokers hold
 * every replica of Surge's topics in sync. A broker lost shows as partitions under-replicated
 * (DEGRADED, writes still accepted) and, once fewer replicas are in sync than
 * {@code min.insync.replicas}, as partitions refusing writes (DEGRADED: reads and the other
 * partitions still work; the breaker says whether orders are refused). Unreachable is DOWN.
 * Asking takes up to its timeout when the broker is gone: serve it through {@link BackgroundCheck}.
 */
public final class KafkaHealth implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final List<String> topics;

    /** @param topics the topics whose replicas are looked at (Surge's own; not Streams' internal ones) */
    public KafkaHealth(Admin admin, Collection<String> topics) {
        this.admin = admin;
        this.topics = List.copyOf(topics);
    }

    @Override
    public String name() {
        return "kafka";
    }

    /** Blocks up to {@link #TIMEOUT}. */
    @Override
    public Health check() {
        int timeoutMs = (int) TIMEOUT.toMillis();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // Asked at once, each answer awaited within what is left of one timeout.
        KafkaFuture<Collection<Node>> brokers =
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes();
        KafkaFuture<Map<String, TopicDescription>> described = topics.isEmpty() ? null
                : admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(timeoutMs)).allTopicNames();
        KafkaFuture<Map<ConfigResource, Config>> configs = topics.isEmpty() ? null
                : admin.describeConfigs(topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList(),
                        new DescribeConfigsOptions().timeoutMs(timeoutMs)).all();
        int live;
        try {
            live = get(brokers, deadline).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        } catch (Exception e) {
            return Health.down("cluster did not answer: " + e.getClass().getSimpleName());
        }
        if (live == 0) {
            return Health.down("no brokers");
        }
        if (described == null) {
            return Health.up(live + " broker(s)");
        }
        try {
            return assess(live, get(described, deadline).values(), minInSync(get(configs, deadline)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        } catch (Exception e) {
            return Health.degraded(live + " broker(s); replicas unknown, topics not described: "
                    + e.getClass().getSimpleName());
        }
    }

    private static <T> T get(KafkaFuture<T> future, long deadline) throws Exception {
        return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static Map<String, Integer> minInSync(Map<ConfigResource, Config> configs) {
        Map<String, Integer> byTopic = new HashMap<>();
        configs.forEach((resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            if (entry != null && entry.value() != null) {
                byTopic.put(resource.name(), Integer.parseInt(entry.value()));
            }
        });
        return byTopic;
    }

    /**
     * What {@code live} brokers and these topics' partitions say: a partition with fewer replicas
     * in sync than its topic's min.insync.replicas refuses acks=all writes (every write Surge makes).
     */
    static Health assess(int live, Collection<TopicDescription> described, Map<String, Integer> minInSync) {
        int partitions = 0;
        int offline = 0;
        int belowMin = 0;
        int underReplicated = 0;
        for (TopicDescription topic : described) {
            int min = minInSync.getOrDefault(topic.name(), 1);
            for (TopicPartitionInfo p : topic.partitions()) {
                partitions++;
                if (p.leader() == null || p.leader().isEmpty()) {
                    offline++;
                } else if (p.isr().size() < min) {
                    belowMin++;
                } else if (p.isr().size() < p.replicas().size()) {
                    underReplicated++;
                }
            }
        }
        String brokers = live + " broker(s)";
        if (offline + belowMin + underReplicated == 0) {
            return Health.up(brokers + "; all " + partitions + " partition(s) fully in sync");
        }
        StringBuilder detail = new StringBuilder(brokers).append("; of ").append(partitions).append(" partition(s):");
        if (offline > 0) {
            detail.append(' ').append(offline).append(" without a leader (offline);");
        }
        if (belowMin > 0) {
            detail.append(' ').append(belowMin).append(" below min.insync.replicas (writes refused);");
        }
        if (underReplicated > 0) {
            detail.append(' ').append(underReplicated).append(" under-replicated (writes accepted);");
        }
        detail.setLength(detail.length() - 1);
        return Health.degraded(detail.toString());
    }
}
