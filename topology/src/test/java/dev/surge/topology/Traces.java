package dev.surge.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Reads a trace store of a TopologyTestDriver as interactive queries do: by correlation id, in time order. */
public final class Traces {

    private Traces() {
    }

    public static List<TraceEntry> of(TopologyTestDriver driver, String store, String correlationId) {
        WindowStore<String, TraceEntry> entries = driver.getWindowStore(store);
        List<TraceEntry> found = new ArrayList<>();
        try (WindowStoreIterator<TraceEntry> hits = entries.fetch(correlationId, Instant.EPOCH,
                Instant.ofEpochMilli(Long.MAX_VALUE))) {
            hits.forEachRemaining(hit -> found.add(hit.value));
        }
        return found;
    }

    /** Every entry of the store, whatever its id. */
    public static List<TraceEntry> all(TopologyTestDriver driver, String store) {
        WindowStore<String, TraceEntry> entries = driver.getWindowStore(store);
        List<TraceEntry> found = new ArrayList<>();
        try (var hits = entries.all()) {
            hits.forEachRemaining(hit -> found.add(hit.value));
        }
        return found;
    }
}
