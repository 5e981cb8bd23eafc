package dev.surge.ingress.breaker;

import dev.surge.http.RequestRejected;
import dev.surge.ingress.PublishFailedException;
import java.time.Duration;

/** Not even tried: the breaker is open. {@link #retryAfter} is what is left of its open time. */
public final class CircuitOpenException extends PublishFailedException {

    private final Duration retryAfter;

    public CircuitOpenException(Duration retryAfter) {
        super("the circuit breaker around the producer is open", null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Not tried, so retrying helps only once the breaker half-opens: Retry-After says when. */
    @Override
    public RequestRejected refusal(String message) {
        return RequestRejected.unavailable(message, RequestRejected.seconds(retryAfter));
    }
}
