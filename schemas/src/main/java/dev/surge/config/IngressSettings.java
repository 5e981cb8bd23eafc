package dev.surge.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What protects the write API at the edge: Redis (or the in-process stand-in), rate limits,
 * idempotency, the producer's circuit breaker, API keys and how long a shutdown drains.
 */
public record IngressSettings(
        Redis redis,
        RateLimits rateLimits,
        Duration idempotencyTtl,
        Breaker breaker,
        Auth auth,
        Duration drainTimeout) {

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

    /**
     * @param keys      the configured keys; none = authentication off
     * @param openPaths path prefixes served without a key (health and metrics by default)
     */
    public record Auth(List<ApiKey> keys, List<String> openPaths) {

        public boolean enabled() {
            return !keys.isEmpty();
        }

        /** True for a path equal to an open prefix or below it ({@code /health} opens {@code /health/ready}). */
        public boolean isOpen(String path) {
            return openPaths.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
        }
    }

    public enum Scope {
        INGEST, ADMIN, READ
    }

    /** A key as configured: its id, the SHA-256 of the secret (hex), what it may do. The secret itself is never stored. */
    public record ApiKey(String id, String sha256Hex, Set<Scope> scopes) {

        public ApiKey {
            scopes = Set.copyOf(scopes);
        }
    }
}
