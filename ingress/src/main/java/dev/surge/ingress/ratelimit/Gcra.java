package dev.surge.ingress.ratelimit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The generic cell rate algorithm, shared by the in-process limiter and by the reading of the Redis
 * script's answer (the script repeats only {@link #fits} and the TAT update, in Lua).
 *
 * <p>Each key keeps one number, its theoretical arrival time (TAT): when it would be back to full
 * allowance. A request adds the emission interval {@code T = ceil(window / max)} to it and fits while
 * the TAT stays within {@code capacity = max * T} of now, so a fresh key takes {@code max} requests at
 * once and then one per {@code T}. Rounding {@code T} up to whole microseconds keeps every number an
 * exact integer (Lua has only doubles) and can only make the limit stricter, by under a microsecond per
 * request. All times are in microseconds from an arbitrary origin.
 */
final class Gcra {

    private Gcra() {
    }

    static long intervalMicros(RateLimit limit) {
        long window = TimeUnit.MICROSECONDS.convert(limit.window());
        return Math.max(1, Math.ceilDiv(window, limit.maxRequests()));
    }

    static long capacityMicros(RateLimit limit) {
        return Math.multiplyExact(intervalMicros(limit), limit.maxRequests());
    }

    /** The TAT a request sees: a key that is absent or idle is at full allowance, which is TAT = now. */
    static long effectiveTat(Long stored, long now) {
        return stored == null ? now : Math.max(stored, now);
    }

    static boolean fits(RateLimit limit, long tat, long now) {
        return tat + intervalMicros(limit) - now <= capacityMicros(limit);
    }

    /**
     * Describes a decision by its most restrictive limit.
     *
     * @param tats    each limit's {@link #effectiveTat} before this request
     * @param allowed whether every limit fitted (and so every TAT moved on by its interval)
     */
    static RateDecision decision(List<RateLimit> limits, long[] tats, long now, boolean allowed) {
        RateDecision worst = null;
        for (int i = 0; i < limits.size(); i++) {
            RateLimit limit = limits.get(i);
            long interval = intervalMicros(limit);
            long capacity = capacityMicros(limit);
            RateDecision candidate;
            if (allowed) {
                long newTat = tats[i] + interval;
                long remaining = (capacity - (newTat - now)) / interval;
                candidate = new RateDecision(true, limit.maxRequests(), remaining, micros(newTat - now), Duration.ZERO);
            } else {
                long retryAfter = tats[i] + interval - capacity - now;
                if (retryAfter <= 0) {
                    continue; // this limit had room; another one refused the request
                }
                candidate = new RateDecision(false, limit.maxRequests(), 0, micros(tats[i] - now), micros(retryAfter));
            }
            if (worst == null || moreRestrictive(candidate, worst)) {
                worst = candidate;
            }
        }
        if (worst == null) {
            throw new IllegalStateException("Refused, yet every limit had room");
        }
        return worst;
    }

    private static boolean moreRestrictive(RateDecision a, RateDecision b) {
        if (!a.allowed()) {
            return a.retryAfter().compareTo(b.retryAfter()) > 0;
        }
        if (a.remaining() != b.remaining()) {
            return a.remaining() < b.remaining();
        }
        return a.resetAfter().compareTo(b.resetAfter()) > 0;
    }

    private static Duration micros(long micros) {
        return Duration.of(micros, ChronoUnit.MICROS);
    }
}
