package dev.surge.query.console;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * The headers on every console file. The page runs only its own scripts and styles and talks only
 * to the instance that served it: an injected script or a lookalike frame gets nowhere, and the
 * read key the tab holds is never sent to another origin.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private static final Map<HeaderName, String> HEADERS = Map.of(
            HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY,
            HeaderNames.create("X-Content-Type-Options"), "nosniff",
            HeaderNames.create("X-Frame-Options"), "DENY",
            HeaderNames.create("Referrer-Policy"), "no-referrer",
            HeaderNames.create("Cross-Origin-Opener-Policy"), "same-origin",
            HeaderNames.create("Cross-Origin-Resource-Policy"), "same-origin",
            HeaderNames.create("Permissions-Policy"), "camera=(), microphone=(), geolocation=(), payment=()");

    private SecurityHeaders() {
    }

    static void apply(ServerResponse res) {
        HEADERS.forEach(res::header);
    }
}
