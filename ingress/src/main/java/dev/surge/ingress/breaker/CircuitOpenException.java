package dev.surge.ingress.breaker;

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
}
