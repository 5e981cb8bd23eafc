package dev.surge.node.kafka;

import java.nio.file.Path;

/**
 * Where Kafka is when a node is given no bootstrap servers: a broker started for it and closed
 * with it. The node knows only this; the embedded broker (ops/local) is one implementation, so a
 * build without the broker's jars runs fine against a configured cluster.
 */
@FunctionalInterface
public interface LocalKafka {

    /** For a node that must be given KAFKA_BOOTSTRAP_SERVERS. */
    LocalKafka NONE = (port, dataDir) -> {
        throw new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is not set and this build has no embedded broker");
    };

    /**
     * Starts a broker, preferably on {@code port} (0: any free port), keeping its data in {@code dataDir}.
     */
    Running start(int port, Path dataDir);

    /** A started broker: where to reach it, and how to stop it. */
    interface Running extends AutoCloseable {

        String bootstrapServers();

        @Override
        void close();
    }
}
