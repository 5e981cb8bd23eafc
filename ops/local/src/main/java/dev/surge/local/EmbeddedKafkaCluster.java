package dev.surge.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster inside this JVM: a quorum of controller-only KRaft nodes and several
 * broker-only nodes, each with its own data directory and ports, for tests of what replication
 * does when a broker dies. Controllers and brokers are separate nodes so that losing brokers never
 * costs the quorum: what a test sees is broker loss alone.
 *
 * <p>New topics get three replicas (fewer with fewer brokers) and need all but one in sync for a
 * write; the internal topics (consumer offsets, transaction state) are replicated the same way.
 * Broker ids are 1..n, controller ids 101..
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private static final int FIRST_CONTROLLER_ID = 101;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<String> CONTROLLERS_DECIDE = Set.of("num.partitions", "default.replication.factor");
    /**
     * Each start on a thread of its own: the common pool may have a single thread (two cores), and
     * a start that waits for the quorum would then keep the other nodes from starting.
     */
    private static final Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().name("kafka-node-start").start(task);

    private final String clusterId;
    private final List<Node> controllers;
    private final Map<Integer, Node> brokers;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** One node: its settings stay the same across restarts, so it comes back on its ports and data. */
    private static final class Node {
        final int id;
        final Map<String, Object> props;
        final int port;
        volatile KafkaRaftServer server;

        Node(int id, Map<String, Object> props, int port) {
            this.id = id;
            this.props = props;
            this.port = port;
        }

        void start() {
            KafkaRaftServer started = KraftNodes.newServer(props);
            server = started;
            started.startup(); // a broker returns once the controllers have registered it and it caught up
        }

        void stop() {
            KafkaRaftServer running = server;
            server = null;
            if (running != null) {
                KraftNodes.stopServer(running);
            }
        }
    }

    private EmbeddedKafkaCluster(String clusterId, List<Node> controllers, Map<Integer, Node> brokers) {
        this.clusterId = clusterId;
        this.controllers = controllers;
        this.brokers = brokers;
    }

    /** {@code controllers} controllers and {@code brokers} brokers in {@code dir}, with this kit's settings. */
    public static EmbeddedKafkaCluster start(Path dir, int controllers, int brokers) {
        return start(dir, controllers, brokers, Map.of());
    }

    /**
     * Formats (if new) and starts every node, and waits until every broker is registered and unfenced.
     *
     * @param overrides broker and controller settings that replace this kit's (timeouts, say)
     */
    public static EmbeddedKafkaCluster start(Path dir, int controllers, int brokers, Map<String, String> overrides) {
        if (controllers < 1 || brokers < 1) {
            throw new IllegalArgumentException("a cluster needs a controller and a broker, was " + controllers
                    + " controller(s) and " + brokers + " broker(s)");
        }
        Path root = dir.toAbsolutePath().normalize();
        long started = System.nanoTime();
        String newClusterId = Uuid.randomUuid().toString();
        Map<Integer, Integer> controllerPorts = new HashMap<>();
        for (int i = 0; i < controllers; i++) {
            controllerPorts.put(FIRST_CONTROLLER_ID + i, KraftNodes.freePort());
        }
        String voters = controllerPorts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "@" + KraftNodes.HOST + ":" + e.getValue()).collect(Collectors.joining(","));
        int replicas = Math.min(3, brokers);
        Map<String, Object> shared = new HashMap<>(KraftNodes.localDefaults());
        shared.putAll(KraftNodes.replication(replicas, Math.max(1, replicas - 1)));
        // A killed broker goes without telling the controller, as a crashed process would; its
        // partitions move when its heartbeats stop (broker.session.timeout.ms), not before.
        shared.put("controlled.shutdown.enable", "false");
        shared.putAll(overrides);

        String clusterId = null;
        List<Node> controllerNodes = new ArrayList<>();
        for (Map.Entry<Integer, Integer> controller : new TreeMap<>(controllerPorts).entrySet()) {
            int id = controller.getKey();
            Path nodeDir = root.resolve("controller-" + id);
            clusterId = sameCluster(clusterId, KraftNodes.formatIfNeeded(nodeDir, id, newClusterId), nodeDir);
            controllerNodes.add(node(id, nodeDir, 0, controller.getValue(), voters, shared));
        }
        Map<Integer, Node> brokerNodes = new TreeMap<>();
        for (int id = 1; id <= brokers; id++) {
            Path nodeDir = root.resolve("broker-" + id);
            clusterId = sameCluster(clusterId, KraftNodes.formatIfNeeded(nodeDir, id, newClusterId), nodeDir);
            brokerNodes.put(id, node(id, nodeDir, KraftNodes.freePort(), 0, voters, shared));
        }
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(clusterId, controllerNodes, brokerNodes);
        try {
            // In parallel: a node's start-up waits for a quorum the others make up.
            List<Node> all = new ArrayList<>(controllerNodes);
            all.addAll(brokerNodes.values());
            await(all.stream().map(node -> CompletableFuture.runAsync(node::start, OWN_THREAD)).toList(), "start");
            cluster.awaitLiveBrokers(ids -> ids.equals(brokerNodes.keySet()), "every broker");
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        log.info("Embedded Kafka cluster {} ready at {} ({} controller(s), {} broker(s), data {}) in {} ms",
                clusterId, cluster.bootstrapServers(), controllers, brokers, root,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return cluster;
    }

    private static Node node(int id, Path dir, int brokerPort, int controllerPort, String voters,
                             Map<String, Object> shared) {
        Map<String, Object> props = KraftNodes.nodeProps(id, dir, brokerPort, controllerPort, voters);
        props.putAll(shared);
        if (controllerPort == 0) {
            // The controllers decide a new topic's partitions and replicas; a broker warns that it ignores them.
            props.keySet().removeAll(CONTROLLERS_DECIDE);
        }
        return new Node(id, props, brokerPort);
    }

    private static String sameCluster(String expected, String found, Path dir) {
        if (expected != null && !expected.equals(found)) {
            throw new IllegalStateException(dir + " belongs to cluster " + found + ", the others to " + expected);
        }
        return found;
    }

    /** Every broker, stopped ones included: a client skips those it cannot reach. */
    public String bootstrapServers() {
        return brokers.values().stream().map(node -> KraftNodes.HOST + ":" + node.port)
                .collect(Collectors.joining(","));
    }

    public String clusterId() {
        return clusterId;
    }

    /** Every broker's id, running or not. */
    public Set<Integer> brokerIds() {
        return Set.copyOf(brokers.keySet());
    }

    /** The brokers of this JVM that run now (whether the controllers count them live yet or not). */
    public Set<Integer> runningBrokers() {
        return brokers.values().stream().filter(node -> node.server != null).map(node -> node.id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Stops a broker the way a crash would look to the cluster: no controlled shutdown, so the
     * controllers move its leaderships and shrink the ISRs only once its heartbeats are missed
     * (broker.session.timeout.ms, 9 s by default), and its connections drop at once. Unlike a
     * SIGKILL its logs are flushed and closed cleanly, so a restart recovers nothing.
     */
    public void kill(int brokerId) {
        Node node = broker(brokerId);
        long started = System.nanoTime();
        node.stop();
        log.info("Embedded Kafka broker {} stopped in {} ms", brokerId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Starts a stopped broker again on its ports and data and waits until the controllers count it
     * live (the registration waits for the old session of the same id to expire).
     */
    public void restart(int brokerId) {
        Node node = broker(brokerId);
        if (node.server != null) {
            throw new IllegalStateException("broker " + brokerId + " is running");
        }
        long started = System.nanoTime();
        await(List.of(CompletableFuture.runAsync(node::start, OWN_THREAD)), "restart broker " + brokerId);
        awaitLiveBrokers(ids -> ids.contains(brokerId), "broker " + brokerId);
        log.info("Embedded Kafka broker {} back in {} ms", brokerId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Waits until the live brokers, as the running ones describe the cluster, pass {@code expected}. */
    private void awaitLiveBrokers(Predicate<Set<Integer>> expected, String what) {
        String running = brokers.values().stream().filter(node -> node.server != null)
                .map(node -> KraftNodes.HOST + ":" + node.port).collect(Collectors.joining(","));
        KraftNodes.awaitBrokers(running, Map.of(), expected, what, READY_TIMEOUT);
    }

    private Node broker(int brokerId) {
        Node node = brokers.get(brokerId);
        if (node == null) {
            throw new IllegalArgumentException("no broker " + brokerId + "; the brokers are " + brokers.keySet());
        }
        return node;
    }

    private static void await(List<CompletableFuture<Void>> starts, String what) {
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                    .get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Embedded Kafka cluster failed to " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Embedded Kafka cluster did not " + what + " within "
                    + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Stops the brokers, then the controllers they report to. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        List<Node> order = new ArrayList<>(brokers.values());
        order.addAll(controllers);
        for (Node node : order) {
            try {
                node.stop();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        log.info("Embedded Kafka cluster {} stopped", clusterId);
    }
}
