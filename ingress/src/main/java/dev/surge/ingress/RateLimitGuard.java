package dev.surge.ingress;

import dev.surge.config.IngressSettings;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Principal;
import dev.surge.ingress.ratelimit.RateDecision;
import dev.surge.ingress.ratelimit.RateLimit;
import dev.surge.ingress.ratelimit.RateLimiter;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Applies the configured limits to a request: per API key (or per client address when the request
 * carries no key), spent by every request before its body is read, refused ones included, so that
 * junk costs its sender like anything else; and per user, once a valid body names the user. The
 * answer's RateLimit-* headers go on the response whether the request passes or not.
 */
public final class RateLimitGuard {

    public static final HeaderName LIMIT = HeaderNames.create("RateLimit-Limit");
    public static final HeaderName REMAINING = HeaderNames.create("RateLimit-Remaining");
    public static final HeaderName RESET = HeaderNames.create("RateLimit-Reset");

    private final RateLimiter limiter;
    private final IngressSettings.RateLimits settings;
    private final StoreFailurePolicy failures;
    private final IngressMetrics metrics;

    public RateLimitGuard(RateLimiter limiter, IngressSettings.RateLimits settings, StoreFailurePolicy failures,
                          IngressMetrics metrics) {
        this.limiter = limiter;
        this.settings = settings;
        this.failures = failures;
        this.metrics = metrics;
    }

    /**
     * The caller's limit: call before reading the body.
     *
     * @throws RequestRejected 429 over the limit; 503 when the store failed and the policy is to fail closed
     */
    public void checkCaller(ServerRequest request, ServerResponse response) throws RequestRejected {
        acquire(callerLimit(request), response);
    }

    /** The limit of the user a valid request acts for. */
    public void checkUser(ServerResponse response, String userId) throws RequestRejected {
        acquire(settings.perUser() > 0
                ? List.of(new RateLimit("user:" + userId, settings.perUser(), settings.window())) : List.of(), response);
    }

    private void acquire(List<RateLimit> limits, ServerResponse response) throws RequestRejected {
        if (limits.isEmpty()) {
            return;
        }
        RateDecision decision;
        try {
            decision = limiter.acquire(limits);
            failures.succeeded();
        } catch (StoreUnavailableException e) {
            failures.failed("rate_limit", e);
            return;
        }
        Map<HeaderName, String> headers = Map.of(
                LIMIT, Long.toString(decision.limit()),
                REMAINING, Long.toString(decision.remaining()),
                RESET, Long.toString(RequestRejected.seconds(decision.resetAfter())));
        if (!decision.allowed()) {
            metrics.rateLimited();
            throw RequestRejected.tooManyRequests(RequestRejected.seconds(decision.retryAfter()), headers);
        }
        headers.forEach(response::header);
    }

    /** The API key's limit, or the client address's for a request without a key; none when it is off. */
    private List<RateLimit> callerLimit(ServerRequest request) {
        Duration window = settings.window();
        Principal principal = Principal.of(request);
        if (principal.authenticated()) {
            return settings.perApiKey() > 0
                    ? List.of(new RateLimit("key:" + principal.keyId(), settings.perApiKey(), window)) : List.of();
        }
        return settings.perClientIp() > 0
                ? List.of(new RateLimit("ip:" + clientAddress(request.remotePeer().address()), settings.perClientIp(),
                        window))
                : List.of();
    }

    /**
     * The peer's address, not X-Forwarded-For: a header anyone can set would let a bot pick a fresh
     * identity per request. Behind a proxy every client shares the proxy's address; give such
     * clients API keys, which are limited one by one.
     */
    private static String clientAddress(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(address);
    }
}
