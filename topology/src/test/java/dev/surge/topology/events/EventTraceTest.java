package dev.surge.topology.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.surge.topology.TraceEntry;
import dev.surge.topology.TraceStores;
import dev.surge.topology.Traces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events pipeline's trace: a batch's one correlation id holds an entry for each of its events. */
class EventTraceTest {

    @TempDir
    Path stateDir;

    @Test
    void eachEventOfABatchIsTracedCountedDuplicateOrDeadLettered() {
        try (EventPipeline pipeline = new EventPipeline(stateDir, Map.of())) {
            pipeline.view("e-0", "s-0", null, EventPipeline.START);
            pipeline.correlate("http:batch-1");
            pipeline.view("e-1", "s-1", "u-1", EventPipeline.START);
            pipeline.view("e-2", "s-1", null, EventPipeline.START);
            pipeline.view("e-1", "s-1", "u-1", EventPipeline.START);
            pipeline.view("e-3", "s-1", null, EventPipeline.START.minus(Duration.ofDays(3)));
            pipeline.raw("s-1", "{", EventPipeline.START);

            assertThat(Traces.of(pipeline.driver, TraceStores.EVENTS, "http:batch-1")).extracting(TraceEntry::topic,
                    TraceEntry::offset, TraceEntry::outcome, TraceEntry::reason, TraceEntry::id).containsExactly(
                    tuple("events", 1L, "COUNTED", null, "e-1"),
                    tuple("events", 2L, "COUNTED", null, "e-2"),
                    tuple("events", 3L, "DUPLICATE", null, "e-1"),
                    tuple("events", 4L, "DEAD_LETTERED", "LATE", null),
                    tuple("events", 5L, "DEAD_LETTERED", "INVALID_JSON", null));
            assertThat(Traces.all(pipeline.driver, TraceStores.EVENTS)).hasSize(5);
        }
    }
}
