package dev.surge.ingress.ratelimit;

import dev.surge.ingress.StoreUnavailableException;
import java.util.List;

/** Counts requests against limits. Implementations must be safe for concurrent callers. */
public interface RateLimiter {

    /**
     * Counts one request against every limit in one atomic step: allowed only if every limit
     * allows it, and a refused request uses up none of them.
     *
     * @param limits at least one; keys are distinct
     */
    RateDecision acquire(List<RateLimit> limits) throws StoreUnavailableException;
}
