package dev.surge.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;

/**
 * What became of one record that carried a correlation id, as GET /v1/trace answers it: where the
 * record was read, what the topology decided, when and on which instance. The operators' view the
 * seeds' {@code processed_events} table gave, kept per task in a {@link TraceStores} store.
 *
 * @param outcome  RESERVED, SOLD_OUT, REJECTED or DUPLICATE for an order (its result's status),
 *                 STOCK_SET or RESTOCKED for an inventory command, COUNTED or DUPLICATE for an
 *                 event, DEAD_LETTERED for a record sent to its DLQ
 * @param reason   why, when the outcome has a reason: the result's reason, the DLQ reason,
 *                 {@link #ALREADY_DECIDED} for an order delivered again
 * @param id       the order_id, item_id or event_id the record was about, when it could be read
 * @param instance the processor that decided ({@code APPLICATION_SERVER}); the entry stays with its
 *                 partition, so another instance may hold it later
 */
public record TraceEntry(
        String topic,
        int partition,
        long offset,
        String outcome,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String id,
        Instant processedAt,
        String instance) {

    public static final String STOCK_SET = "STOCK_SET";
    public static final String RESTOCKED = "RESTOCKED";
    public static final String COUNTED = "COUNTED";
    public static final String DUPLICATE = "DUPLICATE";
    /** A confirm or cancel for an order that was not open: nothing changed (the reason names the command). */
    public static final String NOT_OPEN = "NOT_OPEN";
    public static final String DEAD_LETTERED = "DEAD_LETTERED";
    /** The reason of an order whose order_id was decided before: it has its one result already, none more. */
    public static final String ALREADY_DECIDED = "ALREADY_DECIDED";

    /** The stores' value format: a few bytes written by hand, not JSON, since every traced record pays for it. */
    public static Serde<TraceEntry> serde() {
        return new TraceEntrySerde();
    }
}
