package dev.surge.http.auth;

import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import io.helidon.http.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** What a request must present, decided from its method and path alone, before any route is chosen. */
public enum RequiredScope {

    /** AUTH_OPEN_PATHS (health by default): served without a key; a valid key still labels the request. */
    OPEN(null),
    /**
     * A path outside the API: any valid key will do. Asking for one here means a caller without a
     * key gets 401 everywhere, and cannot map which paths exist from our 404s.
     */
    ANY_KEY(null),
    ORDERS(Scope.ORDERS),
    EVENTS(Scope.EVENTS),
    READ(Scope.READ),
    ADMIN(Scope.ADMIN);

    private static final String API = "/v1";
    private static final String ADMIN_API = "/v1/admin";
    private static final String EVENTS_API = "/v1/events";
    /**
     * Outside /v1/admin but admin all the same: every meter of the process (key ids, stock of the
     * hottest items), and consumer lag, measured through Surge's own Kafka principal.
     */
    private static final List<String> ADMIN_ELSEWHERE = List.of("/metrics", "/v1/lag");
    /**
     * The console's pages, and the root that sends a browser there: read without a key, since a
     * browser's navigation carries none. They hold no data; the page asks for a key before it calls the API.
     */
    private static final String CONSOLE = "/console";

    private final Scope scope;

    RequiredScope(Scope scope) {
        this.scope = scope;
    }

    public static RequiredScope of(AuthSettings auth, Method method, String path) {
        String normalized = normalize(path);
        if (auth.isOpen(normalized) || isConsolePage(method, normalized)) {
            return OPEN;
        }
        if (isAtOrBelow(normalized, ADMIN_API) || ADMIN_ELSEWHERE.stream().anyMatch(p -> isAtOrBelow(normalized, p))) {
            return ADMIN;
        }
        if (isAtOrBelow(normalized, API)) {
            if (method == Method.GET || method == Method.HEAD) {
                return READ;
            }
            // Every other write of the API is an order's: a new route has to be placed here on purpose.
            return isAtOrBelow(normalized, EVENTS_API) ? EVENTS : ORDERS;
        }
        return ANY_KEY;
    }

    private static boolean isConsolePage(Method method, String path) {
        return (method == Method.GET || method == Method.HEAD) && (path.equals("/") || isAtOrBelow(path, CONSOLE));
    }

    /** The scope a key must hold; empty where any key (or none, for {@link #OPEN}) will do. */
    public Optional<Scope> scope() {
        return Optional.ofNullable(scope);
    }

    public boolean keyRequired() {
        return this != OPEN;
    }

    /**
     * Dot segments resolved and empty segments dropped. Helidon does this for the literal forms,
     * but an encoded {@code /health/%2e%2e/v1/...} reaches us decoded and unresolved; resolving it
     * here means no spelling of a path is judged more open than the path it stands for.
     */
    static String normalize(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static boolean isAtOrBelow(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
