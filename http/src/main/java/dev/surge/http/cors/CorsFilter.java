package dev.surge.http.cors;

import dev.surge.config.CorsSettings;
import dev.surge.http.CorrelationId;
import dev.surge.http.auth.ApiKeyFilter;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lets pages of the allowed origins (CORS_ORIGINS) call the routes declared cross-origin, and no
 * other: every other route answers as before, without a CORS header, so a browser keeps it
 * same-origin. Runs before {@link ApiKeyFilter}: a browser sends a preflight without the key, so
 * this filter answers the preflights it allows itself, and lets every other request (another
 * origin's preflight included) meet the key check as usual. The actual request still needs its key.
 *
 * <p>No {@code Access-Control-Allow-Credentials}: pages send the API key in a header, never a
 * cookie, so a browser's credentials are neither needed nor accepted.
 */
public final class CorsFilter implements Filter {

    public static final HeaderName ALLOW_ORIGIN = HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN;
    public static final HeaderName ALLOW_METHODS = HeaderNames.ACCESS_CONTROL_ALLOW_METHODS;
    public static final HeaderName ALLOW_HEADERS = HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS;
    public static final HeaderName EXPOSE_HEADERS = HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS;
    public static final HeaderName MAX_AGE = HeaderNames.ACCESS_CONTROL_MAX_AGE;
    /** How long a browser may reuse a preflight's answer; Chromium caps it at two hours anyway. */
    static final Duration PREFLIGHT_MAX_AGE = Duration.ofMinutes(10);

    /** What a page sends to any cross-origin route: its body's type, its key, its own correlation id. */
    private static final List<HeaderName> COMMON_REQUEST_HEADERS = List.of(HeaderNames.CONTENT_TYPE,
            ApiKeyFilter.API_KEY, HeaderNames.AUTHORIZATION, CorrelationId.HEADER);
    /** What a page may read from any answer: the id to quote to support, and when to retry. */
    private static final List<HeaderName> COMMON_EXPOSED_HEADERS = List.of(CorrelationId.HEADER,
            HeaderNames.RETRY_AFTER);

    private final CorsSettings settings;
    private final Map<String, Allowed> routes;

    /** The headers of one route, joined once: they are the same on every answer. */
    private record Allowed(String method, String requestHeaders, String exposedHeaders) {
    }

    public CorsFilter(CorsSettings settings, List<CrossOriginRoute> routes) {
        this.settings = settings;
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(CrossOriginRoute::path, route -> new Allowed(
                route.method().text(),
                joined(COMMON_REQUEST_HEADERS, route.requestHeaders()),
                joined(COMMON_EXPOSED_HEADERS, route.exposedHeaders()))));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Allowed allowed = settings.enabled() ? routes.get(request.path().path()) : null;
        if (allowed == null) {
            chain.proceed();
            return;
        }
        // The answer differs by Origin: a cache must not hand one origin's answer to another.
        response.header(HeaderNames.VARY, HeaderNames.ORIGIN.defaultCase());
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN).filter(settings::allows);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        response.header(ALLOW_ORIGIN, origin.get());
        if (isPreflight(request)) {
            // The browser compares what it wants to send with these lists, and refuses what is not on them.
            response.header(ALLOW_METHODS, allowed.method());
            response.header(ALLOW_HEADERS, allowed.requestHeaders());
            response.header(MAX_AGE, Long.toString(PREFLIGHT_MAX_AGE.toSeconds()));
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        response.header(EXPOSE_HEADERS, allowed.exposedHeaders());
        chain.proceed();
    }

    /** OPTIONS alone is not a preflight: only one naming the method to come is, and only it skips the key check. */
    private static boolean isPreflight(RoutingRequest request) {
        return request.prologue().method() == Method.OPTIONS
                && request.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    private static String joined(List<HeaderName> common, List<HeaderName> own) {
        return Stream.concat(common.stream(), own.stream())
                .map(HeaderName::lowerCase)
                .distinct()
                .collect(Collectors.joining(", "));
    }
}
