package dev.surge.ingress.ratelimit;

import java.time.Duration;

/**
 * The answer for one request, described by its most restrictive limit: the one with the fewest
 * requests left (when allowed) or the longest wait (when refused).
 *
 * @param limit      that limit's maximum per window (RateLimit-Limit)
 * @param remaining  requests still allowed right now under it, after this one (RateLimit-Remaining)
 * @param resetAfter until that limit is back to its full allowance (RateLimit-Reset)
 * @param retryAfter when refused, until a retry can succeed; zero when allowed (Retry-After)
 */
public record RateDecision(boolean allowed, long limit, long remaining, Duration resetAfter, Duration retryAfter) {
}
