package dev.surge.query;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Which failures of a read of Kafka Streams' state mean "not here now: ask again" (a 503 with
 * Retry-After) rather than a fault of ours (a 500).
 */
final class StoreFailures {

    private static final String STREAMS = "org.apache.kafka.streams.";

    private StoreFailures() {
    }

    /**
     * True for {@link InvalidStateStoreException} (starting, rebalancing, restoring, migrated), and for
     * any other failure thrown by Kafka Streams' own code: the {@code IllegalStateException} of an
     * instance past RUNNING, and the races of a read with the stream thread closing the task it reads.
     * Streams looks a task's stores up without a lock while that thread may clear them (4.3.1:
     * {@code ProcessorStateManager.store} is {@code containsKey} then {@code get} on a plain map), so
     * such a read can end in a {@code NullPointerException} inside Streams. Our code's and a serde's
     * failures are not from inside Streams, and stay faults.
     */
    static boolean notReady(RuntimeException failure) {
        if (failure instanceof InvalidStateStoreException) {
            return true;
        }
        return !(failure instanceof SerializationException) && thrownByStreams(failure);
    }

    /**
     * What a client may be told of a failure that {@link #notReady} accepts: Streams' own words for a
     * store not ready or an instance not running; no internals of a race.
     */
    static String reason(RuntimeException failure) {
        return failure instanceof InvalidStateStoreException || failure instanceof IllegalStateException
                ? failure.getMessage() : "its task moved while it was read";
    }

    /** Whether the first frame outside the JDK (a JDK collection may throw for its caller) is Kafka Streams'. */
    private static boolean thrownByStreams(RuntimeException failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type.startsWith(STREAMS);
            }
        }
        return false;
    }
}
