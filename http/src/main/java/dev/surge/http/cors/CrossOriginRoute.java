package dev.surge.http.cors;

import io.helidon.http.HeaderName;
import io.helidon.http.Method;
import java.util.List;

/**
 * A route that pages of the allowed origins may call from a browser, declared by the module that
 * serves it: {@link CorsFilter} adds the headers every route takes and gives (content type, API key,
 * correlation id, Retry-After); a route lists only those of its own.
 *
 * @param path            the exact path, as the route matches it
 * @param method          the one method a page may send to it
 * @param requestHeaders  headers of the route's own a page may send (Idempotency-Key, say)
 * @param exposedHeaders  headers of the route's own a page may read from the answer
 */
public record CrossOriginRoute(String path, Method method, List<HeaderName> requestHeaders,
                               List<HeaderName> exposedHeaders) {

    public CrossOriginRoute {
        requestHeaders = List.copyOf(requestHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
    }
}
