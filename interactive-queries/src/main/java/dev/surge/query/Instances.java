package dev.surge.query;

import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/** The other instances of this application, as the group's metadata names them (their application.server). */
public final class Instances {

    private final KafkaStreams streams;
    private final String self;

    public Instances(KafkaStreams streams, String self) {
        this.streams = streams;
        this.self = self;
    }

    /** host:port of every other instance in the group; none while this one is not running. */
    public List<String> others() {
        try {
            return streams.metadataForAllStreamsClients().stream()
                    // A member whose endpoint is not known yet cannot be asked.
                    .filter(metadata -> metadata.host() != null && metadata.port() > 0)
                    .map(metadata -> metadata.host() + ":" + metadata.port())
                    .filter(address -> !address.equals(self))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
