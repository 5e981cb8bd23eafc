package dev.surge.ingress.events;

import dev.surge.schemas.FieldError;
import java.util.List;

/**
 * One event of a batch that was not queued, and why.
 *
 * @param index   its position in the batch, from 0; NDJSON counts events, so blank lines do not count
 * @param eventId the event_id the client gave, so it can match the answer to its own records; null without one
 */
public record RejectedEvent(int index, String eventId, List<FieldError> errors) {

    public RejectedEvent {
        errors = List.copyOf(errors);
    }
}
