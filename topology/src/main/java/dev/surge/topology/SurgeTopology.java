package dev.surge.topology;

import dev.surge.schemas.MessageValidator;
import dev.surge.topology.events.EventsTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** Surge's whole Kafka Streams topology, built from its settings alone; main and tests use exactly this. */
public final class SurgeTopology {

    private SurgeTopology() {
    }

    public static Topology build(TopologySettings settings, ResultListener listener) {
        return build(settings, listener, ProcessingOutcomes.NONE);
    }

    public static Topology build(TopologySettings settings, ResultListener listener, ProcessingOutcomes outcomes) {
        MessageValidator validator = new MessageValidator(settings.orders().maxQuantity(),
                settings.events().maxEventBytes());
        StreamsBuilder builder = new StreamsBuilder();
        OrdersTopology.addTo(builder, settings.topics(), settings.partitions(), settings.orders(), validator,
                listener, outcomes, settings.tracing());
        EventsTopology.addTo(builder, settings.topics(), settings.events(), validator, outcomes, settings.tracing());
        return builder.build(StreamsProperties.forBuilding());
    }
}
