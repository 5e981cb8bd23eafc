package dev.surge.tools.bench.orders;

import dev.surge.config.SurgeConfig;
import dev.surge.tools.bench.BenchContext;
import dev.surge.topology.StreamsProperties;
import dev.surge.topology.TopologySettings;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The ceiling for any Kafka Streams topology here: the same backlog copied record by record from
 * {@code orders} to the results topic, with Surge's Streams settings (exactly-once, threads,
 * commit interval, producer settings) and no work per record.
 */
public final class PassThroughBaseline extends CatchUp {

    @Override
    public String name() {
        return "baseline-kafka";
    }

    @Override
    public String description() {
        return "baseline: a stateless Kafka Streams pass-through of the same backlog, Surge's Streams settings";
    }

    @Override
    boolean decidesOrders() {
        return false;
    }

    @Override
    Running start(BenchContext context, SurgeConfig config, OrderBacklog backlog) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(backlog.topics().orders().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(backlog.topics().orderResults().name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        KafkaStreams streams = new KafkaStreams(builder.build(),
                StreamsProperties.from(TopologySettings.from(config), context.bootstrapServers()));
        streams.start();
        return () -> streams.close(Duration.ofSeconds(30));
    }
}
