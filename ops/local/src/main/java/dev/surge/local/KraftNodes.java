package dev.surge.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every embedded KRaft node shares, whether it runs alone ({@link EmbeddedKafka}) or in a
 * cluster ({@link EmbeddedKafkaCluster}): its settings, formatting its storage, starting it, ports.
 */
final class KraftNodes {

    private static final Logger log = LoggerFactory.getLogger(KraftNodes.class);

    static final String HOST = "127.0.0.1";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KraftNodes() {
    }

    /**
     * One node's identity and listeners. A static quorum ({@code controller.quorum.voters}) keeps
     * the voters' addresses out of the stored metadata, so a node may come back on other ports.
     *
     * @param brokerPort     the client listener, or 0 for a controller-only node
     * @param controllerPort the controller listener, or 0 for a broker-only node
     * @param voters         every controller as {@code id@host:port}, comma-separated
     */
    static Map<String, Object> nodeProps(int nodeId, Path dir, int brokerPort, int controllerPort, String voters) {
        boolean broker = brokerPort > 0;
        boolean controller = controllerPort > 0;
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", broker && controller ? "broker,controller" : broker ? "broker" : "controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        String brokerListener = "PLAINTEXT://" + HOST + ":" + brokerPort;
        String controllerListener = CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort;
        p.put("listeners", broker && controller ? brokerListener + "," + controllerListener
                : broker ? brokerListener : controllerListener);
        if (broker) {
            p.put("advertised.listeners", brokerListener);
            p.put("inter.broker.listener.name", "PLAINTEXT");
        }
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());
        return p;
    }

    /**
     * How many copies the internal topics (offsets, transactions, share state) and new topics get,
     * and how many must be in sync for a write: with fewer replicas than brokers, transactions and
     * consumer groups wait forever for replicas that never come.
     */
    static Map<String, Object> replication(int replicas, int minInSync) {
        Map<String, Object> p = new HashMap<>();
        p.put("offsets.topic.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.min.isr", String.valueOf(minInSync));
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
        p.put("share.coordinator.state.topic.min.isr", String.valueOf(minInSync));
        p.put("default.replication.factor", String.valueOf(replicas));
        p.put("min.insync.replicas", String.valueOf(minInSync));
        return p;
    }

    /** Broker settings for a local machine, whatever the number of nodes. */
    static Map<String, Object> localDefaults() {
        Map<String, Object> p = new HashMap<>();
        // Fewer internal partitions: they are created on first use, and 50 of each slows that down
        // with no benefit on one machine.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");

        // Surge creates its topics explicitly; a typo must fail rather than create a stray topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // Nobody else will join: start the first rebalance at once instead of after 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");

        // Smaller segments than the 1 GiB default: only closed segments are compacted, so the
        // changelogs and order-results of a long-running local node get cleaned at all.
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        // The cleaner's default 128 MiB buffer is heap of the JVM Surge itself runs in.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    /** A node on these settings, not started yet. */
    static KafkaRaftServer newServer(Map<String, Object> props) {
        return new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    }

    static void stopServer(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * Waits until the brokers behind {@code bootstrap} list a set of live brokers that passes
     * {@code expected}; a broker is listed only once the controller has unfenced it.
     *
     * @param clientProps what a client needs beyond the address (credentials on a secured listener)
     */
    static void awaitBrokers(String bootstrap, Map<String, Object> clientProps, Predicate<Set<Integer>> expected,
                             String what, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientProps);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> seen = Set.of();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    seen = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                            .map(Node::id).collect(Collectors.toSet());
                    if (expected.test(seen)) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted waiting for embedded Kafka", e);
                    }
                    log.debug("Embedded Kafka at {} not ready yet: {}", bootstrap, e.toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Embedded Kafka at " + bootstrap + ": " + what
                            + " not seen after " + timeout.toSeconds() + " s (live brokers " + seen + ")");
                }
                sleep(100);
            }
        }
    }

    /**
     * Formats {@code dir} for node {@code nodeId} of cluster {@code clusterId} unless it holds a
     * node already; returns the cluster id it belongs to.
     */
    static String formatIfNeeded(Path dir, int nodeId, String clusterId) {
        Path metaProperties = dir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
        if (Files.exists(metaProperties)) {
            String existing = readClusterId(metaProperties);
            log.info("Reusing Kafka data in {} (cluster {})", dir, existing);
            return existing;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            Files.createDirectories(dir);
            new Formatter()
                    .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dir + ": " + output, e);
        }
        log.debug("Formatter output: {}", output.toString(StandardCharsets.UTF_8).strip());
        log.info("Formatted new Kafka storage in {} (cluster {}, node {})", dir, clusterId, nodeId);
        return clusterId;
    }

    private static String readClusterId(Path metaProperties) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(metaProperties)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + metaProperties, e);
        }
        return props.getProperty("cluster.id", "unknown");
    }

    /** {@code port}, checked free right now. */
    static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (BindException e) {
            throw new EmbeddedKafka.PortInUseException(port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check port " + port, e);
        }
    }

    /**
     * A port free right now. Another process could take it before Kafka binds it; that race is
     * reported as {@link EmbeddedKafka.PortInUseException} like any busy port.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + HOST, e);
        }
    }

    static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for embedded Kafka", e);
        }
    }
}
