package dev.surge.ingress;

import dev.surge.http.RequestRejected;
import dev.surge.http.Sha256;
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
 * client's retries, the very thing the key exists for.
 */
public final class IdempotencyKey {

    public static final HeaderName HEADER = HeaderNames.create("Idempotency-Key");
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
     * The key as the topology dedups it: under the caller's key id, and hashed, so that no other
     * caller can claim it and the client's text never travels on. "shop-1:9f86d0…" holds a ':',
     * which no order_id does, so it cannot be mistaken for an order's own id either.
     */
    static String scoped(String keyId, String key) {
        return keyId + ":" + Sha256.hex(Sha256.of(key));
    }

    static boolean isValid(String key) {
        return KafkaHeaders.isValidIdempotencyKey(key);
    }
}
