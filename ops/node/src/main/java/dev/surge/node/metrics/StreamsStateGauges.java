package dev.surge.node.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code processor_streams_state{state}}: 1 for the Kafka Streams client's current state, 0 for
 * the others. Kafka's own "state" client metric is a string, which Micrometer cannot export.
 */
public final class StreamsStateGauges {

    private StreamsStateGauges() {
    }

    public static void bind(MeterRegistry registry, KafkaStreams streams) {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("processor.streams.state", streams, s -> s.state() == state ? 1 : 0)
                    .description("1 for the Kafka Streams client's current state")
                    .tag("state", state.name())
                    .register(registry);
        }
    }
}
