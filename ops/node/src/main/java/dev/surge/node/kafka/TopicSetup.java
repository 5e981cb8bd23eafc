package dev.surge.node.kafka;

import dev.surge.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Surge's topics up front; the broker does not auto-create them. */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How long the audit trail is kept: a year of who changed stock, replayed or reset. */
    public static final Duration AUDIT_RETENTION = Duration.ofDays(365);

    private TopicSetup() {
    }

    /**
     * Every topic in {@code topics}: the compacted ones keep the latest record per key, the input
     * topics take the broker's append time as record time, the audit topic deletes (never compacts)
     * after {@link #AUDIT_RETENTION}. Topics that exist already keep their configs.
     */
    public static List<NewTopic> newTopics(Topics topics, int partitions, short replicationFactor) {
        Set<String> compacted = Set.copyOf(topics.compacted());
        Set<String> brokerTimestamped = Set.copyOf(topics.brokerTimestamped());
        List<NewTopic> result = new ArrayList<>();
        for (String name : topics.all()) {
            Map<String, String> configs = new HashMap<>();
            if (compacted.contains(name)) {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            if (name.equals(topics.audit().name())) {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
                configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(AUDIT_RETENTION.toMillis()));
            }
            if (brokerTimestamped.contains(name)) {
                configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
            }
            result.add(new NewTopic(name, partitions, replicationFactor).configs(configs));
        }
        return result;
    }

    public static void ensureTopics(Admin admin, Collection<NewTopic> topics) {
        ensureTopics(admin, topics, DEFAULT_TIMEOUT);
    }

    /**
     * Creates the topics that do not exist yet and waits until all of them have a leader for every
     * partition. Existing topics are left as they are (partitions and configs are not altered).
     * Only missing topics are asked for: behind ACLs a node may see its topics without the right to
     * create them (the broker refuses creating an existing topic without it, too).
     */
    public static void ensureTopics(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> existing = existingTopics(admin, deadline);
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        CreateTopicsOptions options = new CreateTopicsOptions().timeoutMs((int) timeout.toMillis());
        Map<String, KafkaFuture<Void>> results = missing.isEmpty() ? Map.of()
                : admin.createTopics(missing, options).values();
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw new IllegalStateException("Topic " + result.getKey() + " does not exist (or this Kafka"
                            + " principal may not describe it) and this principal may not create it: create"
                            + " Surge's topics beforehand as the cluster's admin (surge acls --apply) and grant"
                            + " DESCRIBE on them", e.getCause());
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + result.getKey(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + result.getKey(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted creating topics", e);
            }
        }
        if (!created.isEmpty()) {
            log.info("Created topics {}", created);
        }
        awaitLeaders(admin, topics.stream().map(NewTopic::name).collect(Collectors.toSet()), deadline);
    }

    /** The topics this client may see (DESCRIBE): listing needs no right to create anything. */
    private static Set<String> existingTopics(Admin admin, long deadline) {
        try {
            return admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not list topics", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /**
     * The partition count the given topics share. Topics keyed by item_id are read by one task per
     * partition and must be co-partitioned; pre-existing topics that disagree stop the start here.
     */
    public static int requireSamePartitionCount(Admin admin, List<String> names) {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(names).allTopicNames()
                    .get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted describing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not describe topics " + names, e);
        }
        Map<String, Integer> counts = new TreeMap<>();
        described.forEach((name, d) -> counts.put(name, d.partitions().size()));
        if (counts.values().stream().distinct().count() != 1) {
            throw new IllegalStateException("topics keyed by item_id must have the same partition count, but have "
                    + counts + "; add partitions so they match");
        }
        return counts.values().iterator().next();
    }

    /**
     * The controller acknowledges a creation before brokers learn of it; a Streams app started
     * in that gap fails with missing source topics, so wait until a broker describes them.
     */
    private static void awaitLeaders(Admin admin, Set<String> names, long deadline) {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names)
                        .allTopicNames().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                boolean ready = described.values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for topics", e);
            } catch (ExecutionException | TimeoutException e) {
                last = e; // most likely UnknownTopicOrPartition until metadata propagates
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for topics", e);
            }
        }
        throw new IllegalStateException("Topics " + names + " have no leaders yet", last);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
