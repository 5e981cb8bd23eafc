package dev.surge.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.stream.Stream;
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
    /** Written when a close completes; absent while Kafka Streams runs on the state directory. */
    private final Path stoppedCleanly;
    private final Path appStateDir;
    /** When stream threads were replaced (System.nanoTime), the last hundred. */
    private final Deque<Long> replacedAt = new ArrayDeque<>();

    public TopologyRunner(TopologySettings settings, String bootstrapServers, ResultListener listener,
                          ProcessingOutcomes outcomes) {
        Properties props = StreamsProperties.from(settings, bootstrapServers);
        props.put(DeadLetterHandler.OUTCOMES_CONFIG, outcomes);
        Topology topology = SurgeTopology.build(settings, listener, outcomes);
        this.description = topology.describe();
        this.stoppedCleanly = settings.streams().stateDir().resolve(".surge-stopped-cleanly");
        this.appStateDir = settings.streams().stateDir().resolve(settings.streams().applicationId());
        this.streams = new KafkaStreams(topology, props);
        // Bad records never get here (they go to the DLQ); what does is a broken thread: replace it,
        // and say so (counted, and in health): replaced again and again, a task is stuck.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread died; replacing it", e);
            outcomes.streamThreadReplaced();
            synchronized (replacedAt) {
                replacedAt.addLast(System.nanoTime());
                if (replacedAt.size() > 100) {
                    replacedAt.removeFirst();
                }
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("streams state {} -> {}", before, now));
    }

    /**
     * After a crash the local state is wiped before Kafka Streams opens it. Under exactly-once it would
     * reject every store a crash left without a checkpoint anyway, one task at a time, as each is
     * assigned; a task rejected while the thread also runs others aborts their uncommitted results
     * (see CheckpointedWindowStore). Wiping it all before any task runs restores the same stores
     * without that risk.
     */
    public void start() {
        try {
            if (!Files.exists(stoppedCleanly) && hasLocalState()) {
                log.warn("the last run on {} did not stop cleanly: its local state is rebuilt from the changelogs",
                        stoppedCleanly.getParent());
                streams.cleanUp();
            }
            Files.deleteIfExists(stoppedCleanly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        streams.start();
    }

    /** Task directories ("0_3") a run left: Kafka Streams creates them only once it runs. */
    private boolean hasLocalState() throws IOException {
        if (!Files.isDirectory(appStateDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(appStateDir)) {
            return entries.anyMatch(entry -> Files.isDirectory(entry)
                    && entry.getFileName().toString().matches("\\d+_\\d+"));
        }
    }

    /** Stream threads replaced within the last {@code window}. */
    public int threadsReplacedWithin(Duration window) {
        long since = System.nanoTime() - window.toNanos();
        synchronized (replacedAt) {
            return (int) replacedAt.stream().filter(at -> at - since > 0).count();
        }
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
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
        if (closed) {
            try {
                Files.createDirectories(stoppedCleanly.getParent());
                Files.writeString(stoppedCleanly, "");
            } catch (IOException e) {
                log.warn("could not mark the state directory as stopped cleanly; the next start rebuilds it", e);
            }
        }
    }
}
