package dev.surge.topology;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The trace stores: correlation id → {@link TraceEntry}, every entry kept (duplicates retained: one
 * id is carried by many records, an events batch's by up to EVENTS_MAX_BATCH), stamped with its
 * processed_at and dropped TRACE_RETENTION later, when the segment holding it expires. One store per
 * pipeline, since a store joins the subtopologies of the processors it is attached to; both are
 * changelogged, so a task's trace moves with it.
 */
public final class TraceStores {

    /** Entries of the orders and inventory-commands records. */
    public static final String ORDERS = "order-trace";
    /** Entries of the events records. */
    public static final String EVENTS = "event-trace";

    /** A window store needs a window; a trace entry is a point in time, and is fetched by key alone. */
    private static final Duration POINT = Duration.ofMillis(1);

    private TraceStores() {
    }

    public static StoreBuilder<WindowStore<String, TraceEntry>> builder(String name, Duration retention) {
        return Stores.windowStoreBuilder(CheckpointedWindowStore.persistent(name, retention, POINT, true),
                Serdes.String(), TraceEntry.serde());
    }
}
