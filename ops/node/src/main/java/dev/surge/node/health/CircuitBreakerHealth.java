package dev.surge.node.health;

import dev.surge.ingress.breaker.CircuitBreakingPublisher;

/**
 * The producer's breaker. Open means orders are refused with 503 for now; the kafka component
 * decides readiness, since the breaker only follows what Kafka does.
 */
public final class CircuitBreakerHealth implements HealthCheck {

    private final CircuitBreakingPublisher breaker;

    public CircuitBreakerHealth(CircuitBreakingPublisher breaker) {
        this.breaker = breaker;
    }

    @Override
    public String name() {
        return "circuit_breaker";
    }

    @Override
    public Health check() {
        String rate = String.format("failure rate %.0f%%", Math.max(0, breaker.failureRatePercent()));
        return switch (breaker.state()) {
            case CLOSED -> Health.up("CLOSED, " + rate);
            case HALF_OPEN -> Health.degraded("HALF_OPEN: probing the broker");
            case OPEN -> Health.down("OPEN: orders refused for " + breaker.retryAfter().toSeconds() + " s more");
        };
    }

    @Override
    public boolean required() {
        return false;
    }
}
