package dev.surge.http;

import dev.surge.http.auth.Principal;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.KafkaHeaders;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * The client's Idempotency-Key, passed to the topology which drops a repeated key inside the dedup
 * window. It is checked here rather than replaced: silently swapping a bad key would break the
 * client's retries, the very thing the key exists for. Every route that takes one (the ingress's
 * writes, the processor's order commands) checks and scopes it here.
 */
public final class IdempotencyKey {

    public static final HeaderName HEADER = HeaderNames.create("Idempotency-Key");
    /**
     * The key already scoped, on a write one instance forwards to another (an order command sent
     * on to the order's owner). The owner sees the instances' INTERNAL_TOKEN, not the caller's key,
     * so the instance that authenticated the caller scopes the key and sends it along in this header;
     * it is believed only on a request from another instance.
     */
    public static final HeaderName FORWARDED = HeaderNames.create("X-Surge-Idempotency-Key");
    static final int MAX_LENGTH = KafkaHeaders.IDEMPOTENCY_KEY_MAX_LENGTH;

    private IdempotencyKey() {
    }

    public static Optional<String> of(ServerRequest request) throws RequestRejected {
        Optional<String> key = request.headers().first(HEADER);
        if (key.isPresent() && !isValid(key.get())) {
            throw RequestRejected.invalid(List.of(new FieldError(HEADER.defaultCase(),
                    "must be 1-" + MAX_LENGTH + " printable ASCII characters")));
        }
        return key;
    }

    /**
     * The request's key scoped to its caller ({@link #scoped}); on a request another instance
     * forwarded, the key as that instance scoped it ({@link #FORWARDED}).
     *
     * @throws RequestRejected 400 naming the header when the client's key breaks the format
     */
    public static Optional<String> scopedOf(ServerRequest request) throws RequestRejected {
        Principal principal = Principal.of(request);
        if (principal == Principal.INTERNAL) {
            return request.headers().first(FORWARDED).filter(IdempotencyKey::isValid);
        }
        return of(request).map(key -> scoped(principal.keyId(), key));
    }

    /**
     * The key as the topology dedups it: under the caller's key id, and hashed, so that no other
     * caller can claim it and the client's text never travels on. "shop-1:9f86d0…" holds a ':',
     * which no order_id does, so it cannot be mistaken for an order's own id either.
     */
    public static String scoped(String keyId, String key) {
        return keyId + ":" + Sha256.hex(Sha256.of(key));
    }

    public static boolean isValid(String key) {
        return KafkaHeaders.isValidIdempotencyKey(key);
    }
}
