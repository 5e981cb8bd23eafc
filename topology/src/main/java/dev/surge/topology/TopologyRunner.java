package dev.surge.topology;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owns the KafkaStreams client of the processor role: start, state, close. */
public final class TopologyRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopologyRunner.class);

    private final KafkaStreams streams;
    private final TopologyDescription description;

    public TopologyRunner(TopologySettings settings, String bootstrapServers, ResultListener listener,
                          ProcessingOutcomes outcomes) {
        Properties props = StreamsProperties.from(settings, bootstrapServers);
        props.put(DeadLetterHandler.OUTCOMES_CONFIG, outcomes);
        Topology topology = SurgeTopology.build(settings, listener, outcomes);
        this.description = topology.describe();
        this.streams = new KafkaStreams(topology, props);
        // Bad records never get here (they go to the DLQ); what does is a broken thread: replace it.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread died; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("streams state {} -> {}", before, now));
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Which subtopology holds which store: what a task's id says about the stores it holds. */
    public TopologyDescription description() {
        return description;
    }

    /** Waits until the client is RUNNING (tasks assigned, stores restored), or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Stops and leaves the group (Kafka 4.2+): without leaving, the group would wait out the session
     * timeout (45 s) before giving this instance's partitions to another, and their keys would go
     * unanswered that long on every restart.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
