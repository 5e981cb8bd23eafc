package dev.surge.ingress.idempotency;

import dev.surge.ingress.StoreUnavailableException;
import java.time.Duration;

/**
 * Idempotency keys at the edge: who holds a key, with which body fingerprint, and the response once
 * there is one. Implementations must decide {@link #claim} atomically across all ingress instances
 * that share them, so that concurrent requests with one key publish once.
 */
public interface IdempotencyStore {

    /**
     * @param key         the scoped key (the caller adds the client's identity)
     * @param fingerprint a digest of the request body; another body under the same key is a {@link Claim.Mismatch}
     * @param inFlightTtl how long a claim lives without {@link #complete} or {@link #release}, so a
     *                    crashed instance cannot hold a key for ever
     */
    Claim claim(String key, String fingerprint, Duration inFlightTtl) throws StoreUnavailableException;

    /** Stores the response for replay for {@code ttl}; does nothing unless {@code claim} still holds the key. */
    void complete(String key, Claim.Claimed claim, StoredResponse response, Duration ttl)
            throws StoreUnavailableException;

    /** Frees the key so a retry can succeed (the request failed); does nothing unless {@code claim} still holds it. */
    void release(String key, Claim.Claimed claim) throws StoreUnavailableException;
}
