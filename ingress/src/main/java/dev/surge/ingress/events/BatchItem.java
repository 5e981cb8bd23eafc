package dev.surge.ingress.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.FieldError;
import java.util.List;

/** One event of a batch as read, before any check of its own: an item is refused alone, never its batch. */
sealed interface BatchItem {

    /** @param bytes its size as JSON text, which the event size limit applies to */
    record Parsed(JsonNode json, int bytes) implements BatchItem {
    }

    /** An NDJSON line that does not parse. */
    record NotJson(List<FieldError> errors) implements BatchItem {
    }
}
