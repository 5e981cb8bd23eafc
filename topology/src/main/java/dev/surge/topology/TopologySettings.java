package dev.surge.topology;

import dev.surge.config.EventSettings;
import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.config.SurgeConfig.StreamsSettings;
import dev.surge.config.SurgeConfig;
import dev.surge.schemas.Topics;
import java.util.Map;

/**
 * What the topology is built and run with, and nothing else: no HTTP, Redis or API-key settings.
 *
 * @param partitions        the partition count the input topics really have
 * @param applicationServer this instance's host:port as other instances reach it (interactive queries)
 * @param clientOverrides   KAFKA_* pass-through, for every Kafka client the topology makes
 */
public record TopologySettings(
        Topics topics,
        int partitions,
        short replicationFactor,
        OrderSettings orders,
        EventSettings events,
        StreamsSettings streams,
        String applicationServer,
        Map<String, String> clientOverrides) {

    public TopologySettings {
        clientOverrides = Map.copyOf(clientOverrides);
    }

    /** Whether and how long what became of each correlated record is kept (TRACE_RETENTION). */
    public Tracing tracing() {
        return new Tracing(streams.traceRetention(), applicationServer);
    }

    /** The topology's share of a node's configuration. */
    public static TopologySettings from(SurgeConfig config) {
        return new TopologySettings(config.topics(), config.kafka().partitions(), config.kafka().replicationFactor(),
                config.orders(), config.events(), config.streams(), config.applicationServer(),
                config.kafka().clientOverrides());
    }
}
