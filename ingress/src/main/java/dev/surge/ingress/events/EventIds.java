package dev.surge.ingress.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The event_id of an event sent without one, by its index in the batch. */
@FunctionalInterface
interface EventIds {

    String forIndex(int index);

    /** Without an Idempotency-Key a retry cannot be recognised anyway: any fresh id will do. */
    static EventIds random() {
        return index -> UUID.randomUUID().toString();
    }

    /**
     * The same ids for every retry of a batch, so the topology's event_id dedup drops the events an
     * earlier attempt already queued. Scoped like the key itself: two API keys may pick the same
     * Idempotency-Key. The parts cannot run into each other: key ids and Idempotency-Keys hold no
     * line feed, and the index is last.
     *
     * @param keyId the caller's API key id ("anonymous" without authentication)
     */
    static EventIds derived(String keyId, String idempotencyKey) {
        return index -> UUID.nameUUIDFromBytes((keyId + "\n" + idempotencyKey + "\n" + index)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
