package dev.surge.local;

import dev.surge.node.kafka.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one node) running inside this JVM,
 * for {@code surge run} without an external cluster. Its data survives restarts on the same directory.
 */
public final class EmbeddedKafka implements LocalKafka.Running {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String HOST = KraftNodes.HOST;
    private static final int NODE_ID = 1;
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
        return start(port, dataDir, overrides, null);
    }

    /**
     * A broker on a free port whose clients must log in and hold ACLs for what they do (see
     * {@link BrokerSecurity}); {@link #bootstrapServers()} is its SASL listener.
     */
    public static EmbeddedKafka startSecured(Path dataDir, BrokerSecurity security) {
        return start(0, dataDir, Map.of(), security);
    }

    private static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides,
                                       BrokerSecurity security) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        // Checked before touching the disk, so a busy port leaves no half-made data directory behind.
        int brokerPort = port == 0 ? KraftNodes.freePort() : KraftNodes.requireFree(port);
        int controllerPort = KraftNodes.freePort();
        Path dir = dataDir.toAbsolutePath().normalize();
        long started = System.nanoTime();

        String clusterId = KraftNodes.formatIfNeeded(dir, NODE_ID, Uuid.randomUuid().toString());
        Map<String, Object> props = brokerProps(dir, brokerPort, controllerPort);
        if (security != null) {
            props.putAll(security.brokerProps(brokerPort, controllerPort));
        }
        props.putAll(overrides);
        Map<String, Object> readyCheck = security == null ? Map.of() : security.clientProps(security.superUser());

        KafkaRaftServer server = KraftNodes.newServer(props);
        EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort, clusterId);
        try {
            server.startup();
            KraftNodes.awaitBrokers(kafka.bootstrapServers(), readyCheck, ids -> !ids.isEmpty(), "the broker",
                    READY_TIMEOUT);
        } catch (Exception e) { // Scala code may throw checked exceptions undeclared
            try {
                kafka.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            if (KraftNodes.causedByBind(e)) {
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
        KraftNodes.stopServer(server);
        log.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    static Map<String, Object> brokerProps(Path dir, int brokerPort, int controllerPort) {
        Map<String, Object> p = KraftNodes.nodeProps(NODE_ID, dir, brokerPort, controllerPort,
                NODE_ID + "@" + HOST + ":" + controllerPort);
        // One broker: every internal topic must be satisfiable with a single replica.
        p.putAll(KraftNodes.replication(1, 1));
        p.putAll(KraftNodes.localDefaults());
        return p;
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
