package dev.surge.topology;

import dev.surge.schemas.CorrelationIds;
import dev.surge.schemas.KafkaHeaders;
import java.time.Instant;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;

/**
 * One processor's pen for its trace store: what became of the record being processed, under the
 * correlation id it carried. A record without one (or with one that is not a sane id, which the
 * topology replaces) is not traced: nobody could ask for it.
 */
public final class Tracer {

    private static final Tracer OFF = new Tracer(null, null, null);

    private final ProcessorContext<?, ?> context;
    private final WindowStore<String, TraceEntry> store;
    private final String instance;

    private Tracer(ProcessorContext<?, ?> context, WindowStore<String, TraceEntry> store, String instance) {
        this.context = context;
        this.store = store;
        this.instance = instance;
    }

    /** The tracer of a processor attached to {@code storeName}, or one that writes nothing when tracing is off. */
    public static Tracer of(ProcessorContext<?, ?> context, Tracing tracing, String storeName) {
        return tracing.enabled() ? new Tracer(context, context.getStateStore(storeName), tracing.instance()) : OFF;
    }

    /**
     * @param correlationId the record's correlation_id header as it came (null when it had none)
     * @param id            what the record was about (order_id, item_id, event_id), when known
     */
    public void record(String correlationId, String outcome, String reason, String id) {
        if (store == null || !CorrelationIds.isSane(correlationId)) {
            return;
        }
        RecordMetadata where = context.recordMetadata().orElseThrow();
        long now = context.currentSystemTimeMs();
        store.put(correlationId, new TraceEntry(where.topic(), where.partition(), where.offset(), outcome, reason, id,
                Instant.ofEpochMilli(now), instance), now);
    }

    public void record(Headers headers, String outcome, String reason, String id) {
        if (store != null) {
            record(KafkaHeaders.text(headers, KafkaHeaders.CORRELATION_ID), outcome, reason, id);
        }
    }

    /**
     * Runs the processing of one record. When it throws, the record is refused and on its way to
     * the DLQ ({@link DeadLetterHandler}): traced DEAD_LETTERED with the DLQ's reason, then rethrown.
     */
    public void failuresOf(Headers headers, Runnable processing) {
        try {
            processing.run();
        } catch (RuntimeException e) {
            deadLettered(headers, e);
            throw e;
        }
    }

    /**
     * Kafka's own failures (a task that moved, a fenced producer) are not the record's fault and do
     * not send it to the DLQ: it is processed again, and traced then. A failure to trace never
     * hides {@code failure}.
     */
    private void deadLettered(Headers headers, RuntimeException failure) {
        if (store == null || failure instanceof KafkaException) {
            return;
        }
        try {
            record(headers, TraceEntry.DEAD_LETTERED, InvalidRecordException.reasonOf(failure).name(), null);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
