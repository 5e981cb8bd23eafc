package dev.surge.ingress.events;

import dev.surge.http.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The event_id each event of a batch travels with. The topology drops a second event with the
 * same id, so ids are scoped by the caller's API key: another key holder cannot suppress an event
 * by sending its id first.
 */
final class EventIds {

    /** The schema's longest event_id. */
    static final int MAX_LENGTH = 128;

    private final String keyId;
    private final Optional<String> idempotencyKey;

    /**
     * @param keyId          the caller's API key id ("anonymous" without authentication)
     * @param idempotencyKey the batch's Idempotency-Key, from which the ids of events without one are derived
     */
    EventIds(String keyId, Optional<String> idempotencyKey) {
        this.keyId = keyId;
        this.idempotencyKey = idempotencyKey;
    }

    /** The id of an event as it goes to Kafka: the client's own, scoped, or one made for it by its index. */
    String of(String clientEventId, int index) {
        return clientEventId != null ? scoped(clientEventId) : forIndex(index);
    }

    /**
     * The client's event_id under the key's id: "shop-1:e-17". One too long for that keeps its
     * place as a digest; the same id always gives the same result, so a retry is still recognised.
     */
    String scoped(String clientEventId) {
        String scoped = keyId + ":" + clientEventId;
        if (scoped.length() <= MAX_LENGTH) {
            return scoped;
        }
        return keyId + ":sha256-" + Sha256.hex(Sha256.of(clientEventId)).substring(0, 64);
    }

    /**
     * With an Idempotency-Key, the same ids for every retry of a batch, so the topology's event_id
     * dedup drops the events an earlier attempt already queued. The parts cannot run into each
     * other: key ids and Idempotency-Keys hold no line feed, and the index is last. Without one, a
     * retry cannot be recognised anyway: any fresh id will do.
     */
    String forIndex(int index) {
        return idempotencyKey.map(key -> UUID.nameUUIDFromBytes((keyId + "\n" + key + "\n" + index)
                .getBytes(StandardCharsets.UTF_8)).toString()).orElseGet(() -> UUID.randomUUID().toString());
    }
}
