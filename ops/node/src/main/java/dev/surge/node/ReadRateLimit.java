package dev.surge.node;

import dev.surge.config.IngressSettings;
import dev.surge.http.CorrelationId;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Principal;
import dev.surge.ingress.RateLimitGuard;
import dev.surge.ingress.ratelimit.InMemoryRateLimiter;
import dev.surge.ingress.ratelimit.RateDecision;
import dev.surge.ingress.ratelimit.RateLimit;
import dev.surge.query.OrderCommandService;
import dev.surge.query.Waits;
import io.helidon.http.HeaderName;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Map;

/**
 * The read API's rate limit: each API key (or, without one, each client address) gets the same
 * budget for reads as the edge gives it for writes (RATE_LIMIT_API_KEY_MAX_REQUESTS,
 * RATE_LIMIT_IP_MAX_REQUESTS per RATE_LIMIT_WINDOW), counted apart from its writes and per
 * instance. The order commands a processor serves (confirm, cancel) count with the reads. Requests
 * another instance forwards were counted where the caller asked.
 */
final class ReadRateLimit implements Filter {

    private static final String API = "/v1/";

    private final IngressSettings.RateLimits limits;
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter();

    ReadRateLimit(IngressSettings.RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Method method = request.prologue().method();
        String path = request.path().path();
        boolean read = (method == Method.GET || method == Method.HEAD) && path.startsWith(API);
        if (!(read || OrderCommandService.isCommand(method, path)) || Principal.of(request) == Principal.INTERNAL) {
            chain.proceed();
            return;
        }
        String holder = Waits.holder(request);
        long max = holder.startsWith("key:") ? limits.perApiKey() : limits.perClientIp();
        if (max <= 0) {
            chain.proceed();
            return;
        }
        RateDecision decision = limiter.acquire(List.of(new RateLimit("read:" + holder, max, limits.window())));
        Map<HeaderName, String> headers = Map.of(
                RateLimitGuard.LIMIT, Long.toString(decision.limit()),
                RateLimitGuard.REMAINING, Long.toString(decision.remaining()),
                RateLimitGuard.RESET, Long.toString(RequestRejected.seconds(decision.resetAfter())));
        if (!decision.allowed()) {
            HttpErrors.send(response, RequestRejected.tooManyRequests(RequestRejected.seconds(decision.retryAfter()),
                    headers), CorrelationId.of(request, response));
            return;
        }
        headers.forEach(response::header);
        chain.proceed();
    }
}
