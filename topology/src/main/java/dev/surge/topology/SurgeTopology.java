package dev.surge.topology;

import dev.surge.config.SurgeConfig;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Topics;
import dev.surge.topology.events.EventsTopology;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** Surge's whole Kafka Streams topology, built from configuration alone; main and tests use exactly this. */
public final class SurgeTopology {

    private SurgeTopology() {
    }

    public static Topology build(SurgeConfig config, ResultListener listener) {
        return build(config, listener, ProcessingOutcomes.NONE);
    }

    public static Topology build(SurgeConfig config, ResultListener listener, ProcessingOutcomes outcomes) {
        Topics topics = Topics.withPrefix(config.kafka().topicPrefix());
        MessageValidator validator = new MessageValidator(config.orders().maxQuantity(),
                config.events().maxEventBytes());
        StreamsBuilder builder = new StreamsBuilder();
        OrdersTopology.addTo(builder, topics, config.kafka().partitions(), config.orders(), validator, listener,
                outcomes);
        EventsTopology.addTo(builder, topics, config.events(), validator, outcomes);
        Properties topologyConfig = new Properties();
        // Lets the order-status table use order-results itself as its changelog.
        topologyConfig.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        topologyConfig.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        return builder.build(topologyConfig);
    }
}
