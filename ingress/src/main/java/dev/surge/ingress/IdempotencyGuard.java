package dev.surge.ingress;

import dev.surge.http.RequestRejected;
import dev.surge.http.Sha256;
import dev.surge.http.auth.Principal;
import dev.surge.ingress.idempotency.Claim;
import dev.surge.ingress.idempotency.IdempotencyStore;
import dev.surge.ingress.idempotency.StoredResponse;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency-Key at the edge. The first request with a key claims it; a retry with the same body
 * gets the first answer again (marked {@code Idempotent-Replayed: true}) without publishing again;
 * a retry while the first is still running gets 409, a different body under the same key 422.
 * A failed first attempt releases the key, so its retry can succeed.
 *
 * <p>The topology's dedup stays the authority, since any producer may write to {@code orders};
 * this layer spares the broker the duplicates and gives clients one stable answer.
 */
public final class IdempotencyGuard {

    public static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyGuard.class);

    private final IdempotencyStore store;
    private final Duration ttl;
    private final Duration inFlightTtl;
    private final StoreFailurePolicy failures;
    private final IngressMetrics metrics;

    /**
     * @param ttl         how long a finished request's answer is replayed
     * @param inFlightTtl how long a claim outlives a crashed instance; longer than any request takes
     */
    public IdempotencyGuard(IdempotencyStore store, Duration ttl, Duration inFlightTtl, StoreFailurePolicy failures,
                            IngressMetrics metrics) {
        this.store = store;
        this.ttl = ttl;
        this.inFlightTtl = inFlightTtl;
        this.failures = failures;
        this.metrics = metrics;
    }

    /** What the handler does next: publish under a claim (or without one), or nothing, the answer being sent. */
    public sealed interface Ticket {
    }

    /** Go on; report the outcome with {@link #complete} or {@link #release}. */
    public record Proceed(String scopedKey, Claim.Claimed claim) implements Ticket {
        static final Proceed UNGUARDED = new Proceed(null, null);
    }

    /** The stored answer was sent. */
    public record Replayed() implements Ticket {
    }

    /**
     * @param operation   names the endpoint, so one key used on two endpoints does not collide
     * @param key         the request's Idempotency-Key; without one the request proceeds unguarded
     * @param canonical   the request in a canonical form: two bodies that mean the same match
     */
    public Ticket begin(ServerRequest request, ServerResponse response, String operation, Optional<String> key,
                        Supplier<byte[]> canonical) throws RequestRejected {
        if (key.isEmpty()) {
            return Proceed.UNGUARDED;
        }
        // Keys are the client's namespace: two API keys may pick the same Idempotency-Key.
        String scopedKey = Principal.of(request).keyId() + ":" + operation + ":" + key.get();
        Claim claim;
        try {
            claim = store.claim(scopedKey, Sha256.hex(canonical.get()), inFlightTtl);
            failures.succeeded();
        } catch (StoreUnavailableException e) {
            failures.failed("idempotency", e);
            return Proceed.UNGUARDED;
        }
        return switch (claim) {
            case Claim.Claimed claimed -> new Proceed(scopedKey, claimed);
            case Claim.Replay replay -> {
                metrics.replayed();
                StoredResponse stored = replay.response();
                stored.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
                response.header(REPLAYED, "true");
                response.status(Status.create(stored.status()));
                response.send(stored.body());
                yield new Replayed();
            }
            case Claim.InFlight inFlight -> {
                metrics.inFlightConflict();
                throw RequestRejected.idempotencyKeyInFlight(RequestRejected.seconds(inFlight.retryAfter()));
            }
            case Claim.Mismatch mismatch -> {
                metrics.mismatch();
                throw RequestRejected.idempotencyKeyReused();
            }
        };
    }

    /** Keeps the answer for replay. A failure here only costs the replay: the claim expires on its own. */
    public void complete(Proceed proceed, Status status, Map<String, String> headers, byte[] body) {
        if (proceed.claim() == null) {
            return;
        }
        try {
            store.complete(proceed.scopedKey(), proceed.claim(), new StoredResponse(status.code(), headers, body), ttl);
        } catch (StoreUnavailableException e) {
            LOG.warn("could not store the answer for replay: {}", e.getMessage());
        }
    }

    /** Frees the key after a failed attempt, so that the client's retry is not answered 409. */
    public void release(Proceed proceed) {
        if (proceed.claim() == null) {
            return;
        }
        try {
            store.release(proceed.scopedKey(), proceed.claim());
        } catch (StoreUnavailableException e) {
            LOG.warn("could not release an idempotency key; it expires in {}: {}", inFlightTtl, e.getMessage());
        }
    }
}
