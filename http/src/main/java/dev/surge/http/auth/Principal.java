package dev.surge.http.auth;

import dev.surge.config.AuthSettings.ApiKey;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who made a request, as far as handlers, metrics and the access log need to know: the key's id,
 * never its secret. {@link #authenticated()} is a field of its own because "anonymous" is a valid key id.
 */
public record Principal(String keyId, boolean authenticated) {

    public static final Principal ANONYMOUS = new Principal("anonymous", false);

    /** Another instance of this application, forwarding a read it was asked for (INTERNAL_TOKEN). */
    public static final Principal INTERNAL = new Principal("internal", true);

    public static Principal of(ApiKey key) {
        return new Principal(key.id(), true);
    }

    /** What {@link ApiKeyFilter} registered for the request; anonymous for a request it never saw. */
    public static Principal of(ServerRequest request) {
        return request.context().get(Principal.class).orElse(ANONYMOUS);
    }
}
