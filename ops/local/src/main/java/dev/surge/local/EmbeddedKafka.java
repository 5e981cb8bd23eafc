package dev.surge.local;

import dev.surge.node.kafka.LocalKafka;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one node) running inside this JVM,
 * for {@code surge run} without an external cluster. Its data survives restarts on the same directory.
 */
public final class EmbeddedKafka implements LocalKafka.Running {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final int port;
    private final String clusterId;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The broker a node starts when it is given no cluster: on the configured port, or any free one if that is taken. */
    public static final LocalKafka FOR_NODE = (port, dataDir) -> {
        try {
            return start(port, dataDir);
        } catch (PortInUseException e) {
            log.warn("port {} is taken; the embedded Kafka broker takes a free port instead", port);
            return start(0, dataDir);
        }
    };

    private EmbeddedKafka(KafkaRaftServer server, int port, String clusterId) {
        this.server = server;
        this.port = port;
        this.clusterId = clusterId;
    }

    /** Starts a broker listening on {@code 127.0.0.1:port} (0 picks a free port) and waits until it serves. */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * As {@link #start(int, Path)}, with broker settings that replace those of {@link #brokerProps}
     * (for tuning such as segment sizes; changing listeners or roles breaks {@link #bootstrapServers()}).
     *
     * @throws PortInUseException if {@code port} is taken; the caller may retry with 0
     */
    public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        // Checked before touching the disk, so a busy port leaves no half-made data directory behind.
        int brokerPort = port == 0 ? freePort() : requireFree(port);
        int controllerPort = freePort();
        Path dir = dataDir.toAbsolutePath().normalize();
        long started = System.nanoTime();

        String clusterId = formatIfNeeded(dir);
        Map<String, Object> props = brokerProps(dir, brokerPort, controllerPort);
        props.putAll(overrides);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort, clusterId);
        try {
            server.startup();
            kafka.awaitReady();
        } catch (Exception e) { // Scala code may throw checked exceptions undeclared
            try {
                kafka.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            if (causedByBind(e)) {
                throw new PortInUseException(brokerPort, e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Embedded Kafka failed to start", e);
        }
        log.info("Embedded Kafka ready at {} (data {}, cluster {}) in {} ms",
                kafka.bootstrapServers(), dir, clusterId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return kafka;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Shuts the broker down cleanly (flushing logs, releasing the data directory lock) and waits. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    static Map<String, Object> brokerProps(Path dir, int brokerPort, int controllerPort) {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static quorum keeps the voter address out of the stored metadata, so each start may
        // pick a new controller port.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());

        // One broker: every internal topic must be satisfiable with a single replica, or
        // transactions and consumer groups wait forever for replicas that never come.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Fewer internal partitions: they are created on first use, and 50 of each slows that down
        // with no benefit on one node.
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

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    // The broker lists itself only once the controller has unfenced it.
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted waiting for embedded Kafka", e);
                    }
                    log.debug("Embedded Kafka not ready yet: {}", e.toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Embedded Kafka at " + bootstrapServers()
                            + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
                }
                sleep(100);
            }
        }
    }

    /** Formats {@code dir} for a new cluster unless it holds one already; returns the cluster id. */
    static String formatIfNeeded(Path dir) {
        Path metaProperties = dir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
        if (Files.exists(metaProperties)) {
            String existing = readClusterId(metaProperties);
            log.info("Reusing Kafka data in {} (cluster {})", dir, existing);
            return existing;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            Files.createDirectories(dir);
            new Formatter()
                    .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                    .setNodeId(NODE_ID)
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
        log.info("Formatted new Kafka storage in {} (cluster {})", dir, clusterId);
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

    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (BindException e) {
            throw new PortInUseException(port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check port " + port, e);
        }
    }

    /**
     * A port free right now. Another process could take it before Kafka binds it; that race is
     * reported as {@link PortInUseException} like any busy port.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + HOST, e);
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for embedded Kafka", e);
        }
    }

    /** The requested port is taken by another process (or another embedded broker). */
    public static final class PortInUseException extends IllegalStateException {
        private final int port;

        PortInUseException(int port, Throwable cause) {
            super("Port " + port + " on " + HOST + " is already in use; stop whatever holds it or use port 0 for a free one", cause);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
