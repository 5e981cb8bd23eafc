package dev.surge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The web origins whose pages may send analytics events from a browser (CORS_ORIGINS): entries
 * separated by {@code ,}, each {@code scheme://host[:port]} as a browser writes it in its
 * {@code Origin} header, e.g. {@code https://shop.example}. None: every route stays same-origin.
 *
 * <p>There is no wildcard: {@code *} would let any page on the web spend a shop's key and limits,
 * so an allowlist is the only form.
 */
public record CorsSettings(Set<String> origins) {

    public static final CorsSettings NONE = new CorsSettings(Set.of());

    public CorsSettings {
        origins = Set.copyOf(origins);
    }

    public boolean enabled() {
        return !origins.isEmpty();
    }

    /** Compared exactly, as browsers send it: an origin differing in scheme, host or port is another origin. */
    public boolean allows(String origin) {
        return origins.contains(origin);
    }

    /** @throws IllegalArgumentException naming the first entry that is not an origin, and why */
    public static CorsSettings parse(String setting) {
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : setting.split(",")) {
            if (!entry.isBlank()) {
                origins.add(origin(entry.trim()));
            }
        }
        return new CorsSettings(origins);
    }

    /** The entry in the form browsers send: lower-case scheme and host, no default port. */
    private static String origin(String entry) {
        if (entry.contains("*")) {
            throw new IllegalArgumentException("'" + entry + "': wildcards are not allowed; list each shop's origin,"
                    + " e.g. https://shop.example");
        }
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw notAnOrigin(entry, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw notAnOrigin(entry, "must start with https:// or http://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw notAnOrigin(entry, "must name a host (ASCII; punycode for international names), without user info");
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw notAnOrigin(entry, "must have no path, query or fragment (not even a trailing /)");
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException notAnOrigin(String entry, String problem) {
        return new IllegalArgumentException("'" + entry + "' " + problem + " (an origin is scheme://host[:port])");
    }
}
