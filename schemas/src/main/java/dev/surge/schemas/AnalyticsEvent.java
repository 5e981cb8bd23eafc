package dev.surge.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A product analytics event (schemas/analytics-event.schema.json). Read through
 * {@link MessageValidator#event}; {@code eventId} and {@code timestamp} are null when the sender left
 * them out, until the ingress (or the topology, for other producers) fills them in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalyticsEvent(String eventId, String sessionId, String userId, String eventType, String eventAction,
                             JsonNode metadata, Instant timestamp) {

    public AnalyticsEvent withEventId(String id) {
        return new AnalyticsEvent(id, sessionId, userId, eventType, eventAction, metadata, timestamp);
    }

    public AnalyticsEvent withTimestamp(Instant time) {
        return new AnalyticsEvent(eventId, sessionId, userId, eventType, eventAction, metadata, time);
    }

    /**
     * RFC 3339 with an offset ("2026-11-21T09:30:00Z", "...+01:00"); a lower-case 't' or 'z' is allowed.
     *
     * @throws DateTimeParseException when the text is not such a date-time
     */
    public static Instant parseTimestamp(String text) {
        return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** The one rule for clocks: an event may be stamped at most {@code maxFuture} after {@code now}. */
    public boolean isTooFarAhead(Instant now, Duration maxFuture) {
        return timestamp != null && timestamp.isAfter(now.plus(maxFuture));
    }
}
