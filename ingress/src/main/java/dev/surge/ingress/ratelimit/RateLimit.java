package dev.surge.ingress.ratelimit;

import java.time.Duration;

/**
 * One limit a request counts against: at most {@code maxRequests} per {@code window} for the
 * identity in {@code key} (for example {@code user:u-17}, {@code key:shop-1}, {@code ip:10.0.0.7}).
 */
public record RateLimit(String key, long maxRequests, Duration window) {

    public RateLimit {
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1, was " + maxRequests);
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
        }
    }
}
