package dev.surge.ingress.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.EventSettings;
import dev.surge.ingress.RecordPublisher.KeyedValue;
import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.Json;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Topic;
import dev.surge.schemas.Validated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch after every check of its events: the records to publish (event_id and timestamp filled in,
 * keyed by session_id) and the events refused at their index.
 *
 * @param asRead each event as read, or its refusal when it could not be read as one; see {@link #fingerprint}
 */
record CheckedBatch(List<KeyedValue> records, List<RejectedEvent> rejected, List<Object> asRead) {

    /**
     * What makes two requests the same batch for Idempotency-Key: the events as read, so array,
     * wrapped or NDJSON and the spacing do not count, and without the clock, so a retry is the same
     * batch even once an event's timestamp is no longer too far ahead.
     */
    byte[] fingerprint() {
        return Json.toBytes(asRead);
    }

    static CheckedBatch of(List<BatchItem> items, MessageValidator validator, EventSettings settings,
                           Topic<String, AnalyticsEvent> topic, EventIds ids, Instant now) {
        List<KeyedValue> records = new ArrayList<>(items.size());
        List<RejectedEvent> rejected = new ArrayList<>();
        List<Object> asRead = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            Validated<AnalyticsEvent> read = switch (items.get(index)) {
                case BatchItem.Parsed parsed -> validator.event(parsed.json(), parsed.bytes());
                case BatchItem.NotJson notJson -> new Validated.Invalid<>(true, notJson.errors());
            };
            switch (read) {
                case Validated.Invalid<AnalyticsEvent> invalid -> {
                    RejectedEvent refusal = new RejectedEvent(index, givenId(items.get(index)), invalid.errors());
                    asRead.add(refusal);
                    rejected.add(refusal);
                }
                case Validated.Valid<AnalyticsEvent> valid -> {
                    AnalyticsEvent event = valid.value();
                    asRead.add(event);
                    if (event.isTooFarAhead(now, settings.maxFuture())) {
                        rejected.add(new RejectedEvent(index, event.eventId(), List.of(new FieldError("timestamp",
                                "is more than " + text(settings.maxFuture()) + " ahead of the server's clock"))));
                        continue;
                    }
                    AnalyticsEvent filled = event
                            .withEventId(ids.of(event.eventId(), index))
                            .withTimestamp(event.timestamp() != null ? event.timestamp() : now);
                    byte[] value = topic.valueSerde().serializer().serialize(topic.name(), filled);
                    // The topology checks the record's size, filled-in fields and all: refuse what it would.
                    if (value.length > settings.maxEventBytes()) {
                        rejected.add(new RejectedEvent(index, event.eventId(), List.of(new FieldError("",
                                "event is " + value.length + " bytes with event_id and timestamp filled in; at most "
                                        + settings.maxEventBytes() + " are accepted"))));
                        continue;
                    }
                    records.add(new KeyedValue(filled.sessionId(), value));
                }
            }
        }
        return new CheckedBatch(List.copyOf(records), List.copyOf(rejected), List.copyOf(asRead));
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The event_id as the client sent it, for an event refused before it could be read as one. */
    private static String givenId(BatchItem item) {
        if (item instanceof BatchItem.Parsed parsed) {
            JsonNode id = parsed.json().get("event_id");
            return id != null && id.isTextual() ? id.asText() : null;
        }
        return null;
    }
}
