package dev.surge.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call which route, on every role: the configured API keys and the paths served without one.
 *
 * @param keys      the configured keys; none = authentication off
 * @param openPaths path prefixes served without a key (health and metrics by default)
 * @param internalToken what instances show each other on a forwarded read (INTERNAL_TOKEN): the
 *                      caller's own key is not passed on, and a forwarded call must not skip auth
 */
public record AuthSettings(List<ApiKey> keys, List<String> openPaths, Optional<String> internalToken) {

    public AuthSettings(List<ApiKey> keys, List<String> openPaths) {
        this(keys, openPaths, Optional.empty());
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** True for a path equal to an open prefix or below it ({@code /health} opens {@code /health/ready}). */
    public boolean isOpen(String path) {
        return openPaths.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }

    /**
     * What a key may do. Orders and events are apart so that an analytics key shipped to browsers
     * cannot place orders; {@code ingest} in API_KEYS still means both. A {@code read} key sees the
     * orders it placed; {@code all_orders} sees every order (support staff, the operators' tools).
     */
    public enum Scope {
        ORDERS, EVENTS, READ, ALL_ORDERS, ADMIN
    }

    /** A key as configured: its id, the SHA-256 of the secret (hex), what it may do. The secret itself is never stored. */
    public record ApiKey(String id, String sha256Hex, Set<Scope> scopes) {

        public ApiKey {
            scopes = Set.copyOf(scopes);
        }
    }
}
