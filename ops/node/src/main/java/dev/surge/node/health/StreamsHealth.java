package dev.surge.node.health;

import org.apache.kafka.streams.KafkaStreams;

/** The processor is healthy while its Streams client runs or rebalances; anything else needs attention. */
public final class StreamsHealth implements HealthCheck {

    private final KafkaStreams streams;

    public StreamsHealth(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public Health check() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up(state.name()) : Health.down(state.name());
    }
}
