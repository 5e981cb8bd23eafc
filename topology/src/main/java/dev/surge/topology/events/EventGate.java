package dev.surge.topology.events;

import dev.surge.config.EventSettings;
import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.MessageValidator;
import dev.surge.topology.InvalidRecordException;
import dev.surge.topology.RecordReader;
import dev.surge.topology.TraceEntry;
import dev.surge.topology.TraceStores;
import dev.surge.topology.Tracer;
import dev.surge.topology.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Lets through each event once, valid and on time. Every record of {@code events} is validated
 * here, whoever wrote it; a refused one throws {@link InvalidRecordException} and goes to
 * {@code events-dlq} with its reason (LATE among them), so nothing is dropped unseen.
 *
 * <p>Duplicates are judged by event_id within the dedup window of event time: a retry carries its
 * original timestamp, so it lands next to the first copy whatever the delay in between.
 */
final class EventGate implements Processor<String, byte[], String, CountedEvent> {

    private final MessageValidator validator;
    private final long dedupWindowMs;
    private final long graceMs;
    private final long dailyRetentionMs;
    private final long hourlyRetentionMs;
    private final long maxFutureMs;
    private final EventOutcomes outcomes;
    private final Tracing tracing;
    private final EventSettings settings;
    private ProcessorContext<String, CountedEvent> context;
    private WindowStore<String, String> seen;
    private DimensionCaps caps;
    private Tracer tracer;

    EventGate(MessageValidator validator, EventSettings settings, EventOutcomes outcomes, Tracing tracing) {
        this.validator = validator;
        this.dedupWindowMs = settings.dedupWindow().toMillis();
        this.graceMs = settings.grace().toMillis();
        this.dailyRetentionMs = settings.dailyRetention().toMillis();
        this.maxFutureMs = settings.maxFuture().toMillis();
        this.hourlyRetentionMs = settings.hourlyRetention().toMillis();
        this.outcomes = outcomes;
        this.tracing = tracing;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, CountedEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(EventStores.DEDUP);
        this.caps = new DimensionCaps(context.getStateStore(EventStores.DIMENSIONS), settings, outcomes);
        this.tracer = Tracer.of(context, tracing, TraceStores.EVENTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        tracer.failuresOf(record.headers(), () -> admit(record));
    }

    private void admit(Record<String, byte[]> record) {
        AnalyticsEvent event = RecordReader.read(record.value(), validator::event);
        if (!Objects.equals(record.key(), event.sessionId())) {
            // Keyed by session: a session's events, and an event's retries, meet in one task.
            throw new InvalidRecordException(DlqRecord.Reason.KEY_MISMATCH,
                    "record key '" + record.key() + "' does not match session_id '" + event.sessionId() + "'");
        }
        long time = record.timestamp();
        if (event.timestamp() == null) {
            // No timestamp in the payload: the extractor used the broker's append time, i.e. "now".
            event = event.withTimestamp(Instant.ofEpochMilli(time));
        } else if (event.timestamp().toEpochMilli() != time) {
            // The extractor only departs from a readable payload timestamp when it was too far ahead.
            throw new InvalidRecordException(DlqRecord.Reason.SCHEMA_VIOLATION, "timestamp: " + event.timestamp()
                    + " is too far ahead of the broker's clock (" + Instant.ofEpochMilli(time) + ")");
        }
        if (event.eventId() == null) {
            // Another producer's event without an id: its place in the log is its identity.
            RecordMetadata where = context.recordMetadata().orElseThrow();
            event = event.withEventId("kafka:" + where.topic() + ":" + where.partition() + ":" + where.offset());
        }
        if (isDuplicate(event.eventId(), time)) {
            outcomes.duplicate();
            tracer.record(record.headers(), TraceEntry.DUPLICATE, null, event.eventId());
            return;
        }
        long streamTime = context.currentStreamTimeMs();
        long dayStart = windowStart(time, EventSettings.DAY);
        long dayClosesAt = dayStart + EventSettings.DAY.toMillis() + graceMs;
        if (dayClosesAt <= streamTime) {
            outcomes.late();
            throw new InvalidRecordException(DlqRecord.Reason.LATE, "event time " + event.timestamp()
                    + " belongs to a day that closed at " + Instant.ofEpochMilli(dayClosesAt)
                    + " (window end plus EVENTS_GRACE " + Duration.ofMillis(graceMs) + "); stream time is "
                    + Instant.ofEpochMilli(streamTime));
        }
        // Stream time is this partition's: a quiet one may still call a day open that the windows,
        // behind the repartition, no longer keep. Their stream time is at most the wall clock plus
        // EVENTS_MAX_FUTURE, so that bounds what they still keep.
        long horizon = context.currentSystemTimeMs() + maxFutureMs;
        if (dayStart <= horizon - dailyRetentionMs) {
            outcomes.late();
            throw new InvalidRecordException(DlqRecord.Reason.LATE, "event time " + event.timestamp()
                    + " is in a day older than METRICS_DAILY_RETENTION (" + Duration.ofMillis(dailyRetentionMs)
                    + ") is kept");
        }
        seen.put(event.eventId(), "", time);
        long hourStart = windowStart(time, EventSettings.HOUR);
        boolean hourOpen = hourStart + EventSettings.HOUR.toMillis() + graceMs > streamTime
                && hourStart > horizon - hourlyRetentionMs;
        outcomes.counted();
        context.forward(record.withValue(caps.count(event, hourOpen, dayStart)));
        tracer.record(record.headers(), TraceEntry.COUNTED, null, event.eventId());
    }

    private boolean isDuplicate(String eventId, long time) {
        try (WindowStoreIterator<String> hits = seen.fetch(eventId, Math.max(0, time - dedupWindowMs + 1),
                time + dedupWindowMs - 1)) {
            return hits.hasNext();
        }
    }

    /** The start of the UTC-aligned window of {@code size} that holds {@code time}. */
    static long windowStart(long time, Duration size) {
        return time - Math.floorMod(time, size.toMillis());
    }
}
