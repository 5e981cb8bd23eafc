package dev.surge.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

    @Test
    void aStoreNotReadyOrNotStartedIsNotReadyWhereverItCameFrom() {
        assertThat(StoreFailures.notReady(new InvalidStateStoreException("migrated"))).isTrue();
        assertThat(StoreFailures.notReady(new StreamsNotStartedException("not started"))).isTrue();
    }

    @Test
    void streamsPastRunningIsNotReady() {
        assertThat(StoreFailures.notReady(thrownAt(new IllegalStateException("KafkaStreams is not running"),
                "org.apache.kafka.streams.KafkaStreams", "dev.surge.query.KeyValueLookup"))).isTrue();
    }

    @Test
    void aReadRacingTheCloseOfItsTaskIsNotReady() {
        // As 4.3.1 fails when the stream thread clears a task's stores between containsKey and get.
        assertThat(StoreFailures.notReady(thrownAt(new NullPointerException(),
                "org.apache.kafka.streams.processor.internals.ProcessorStateManager",
                "org.apache.kafka.streams.state.internals.StreamThreadStateStoreProvider",
                "dev.surge.query.KeyValueLookup"))).isTrue();
        // A JDK collection throws for Streams, its caller.
        assertThat(StoreFailures.notReady(thrownAt(new java.util.ConcurrentModificationException(),
                "java.util.HashMap$HashIterator", "java.util.HashSet",
                "org.apache.kafka.streams.processor.internals.TaskManager"))).isTrue();
    }

    @Test
    void ourOwnFaultsAndTheSerdesStayFaults() {
        assertThat(StoreFailures.notReady(thrownAt(new IllegalStateException("answered above"),
                "dev.surge.query.Replies", "dev.surge.query.InventoryQueryService"))).isFalse();
        assertThat(StoreFailures.notReady(thrownAt(new NullPointerException(),
                "java.util.Objects", "dev.surge.schemas.InventoryLevel",
                "org.apache.kafka.streams.state.internals.MeteredKeyValueStore"))).isFalse();
        assertThat(StoreFailures.notReady(thrownAt(new SerializationException("bad bytes"),
                "org.apache.kafka.streams.state.StateSerdes"))).isFalse();
        assertThat(StoreFailures.notReady(thrownAt(new RuntimeException("no frames")))).isFalse();
    }

    @Test
    void aClientIsToldStreamsOwnWordsButNoInternalsOfARace() {
        assertThat(StoreFailures.reason(new InvalidStateStoreException("the stream thread is PARTITIONS_ASSIGNED")))
                .isEqualTo("the stream thread is PARTITIONS_ASSIGNED");
        assertThat(StoreFailures.reason(new IllegalStateException("KafkaStreams is not running. State is ERROR.")))
                .isEqualTo("KafkaStreams is not running. State is ERROR.");
        assertThat(StoreFailures.reason(new NullPointerException("Cannot invoke \"StateStoreMetadata.store()\"")))
                .isEqualTo("its task moved while it was read");
    }

    private static RuntimeException thrownAt(RuntimeException failure, String... types) {
        StackTraceElement[] frames = new StackTraceElement[types.length];
        for (int i = 0; i < types.length; i++) {
            frames[i] = new StackTraceElement(types[i], "method", types[i] + ".java", 1);
        }
        failure.setStackTrace(frames);
        return failure;
    }
}
