package dev.surge.config;

import java.time.Duration;
import java.util.Optional;

/**
 * What protects the write API at the edge: Redis (or the in-process stand-in), rate limits,
 * idempotency and the producer's circuit breaker. API keys guard every route: {@link AuthSettings}.
 */
public record IngressSettings(
        Redis redis,
        RateLimits rateLimits,
        Duration idempotencyTtl,
        Breaker breaker) {

    /**
     * @param url       empty = in-process stores, good for one node only
     * @param timeout   the longest a request waits for Redis before the failure mode applies
     * @param failClosed true = refuse requests (503) while Redis is unusable; false = let them through
     */
    public record Redis(Optional<String> url, Duration timeout, boolean failClosed) {
    }

    /** Requests per window for each identity; 0 turns that limit off. */
    public record RateLimits(int perUser, int perApiKey, int perClientIp, Duration window) {
    }

    /**
     * Opens when {@code failureRatePercent} of the last {@code window} publishes failed, counted once
     * {@code minimumCalls} were made; stays open {@code openBase}, doubling on each trip in a row up to {@code openMax}.
     */
    public record Breaker(int failureRatePercent, int window, int minimumCalls, Duration openBase, Duration openMax) {
    }
}
