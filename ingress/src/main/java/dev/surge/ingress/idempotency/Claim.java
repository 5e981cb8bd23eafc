package dev.surge.ingress.idempotency;

import java.time.Duration;

/** What the store says when a request with an Idempotency-Key arrives. */
public sealed interface Claim {

    /** First of its key: go ahead; the token proves ownership when completing or releasing. */
    record Claimed(String token) implements Claim {
    }

    /** Same key, same body, finished before: answer with the stored response. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** Same key and body, still being processed by another request. */
    record InFlight(Duration retryAfter) implements Claim {
    }

    /** Same key, different body: a client bug, never a retry. */
    record Mismatch() implements Claim {
    }
}
