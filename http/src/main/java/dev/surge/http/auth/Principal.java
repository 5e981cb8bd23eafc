package dev.surge.http.auth;

import dev.surge.config.AuthSettings.ApiKey;
import dev.surge.config.AuthSettings.Scope;
import io.helidon.webserver.http.ServerRequest;
import java.util.Set;

/**
 * Who made a request, as far as handlers, metrics and the access log need to know: the key's id,
 * never its secret. {@link #authenticated()} is a field of its own because "anonymous" is a valid key id.
 */
public record Principal(String keyId, boolean authenticated, Set<Scope> scopes) {

    public static final Principal ANONYMOUS = new Principal("anonymous", false, Set.of());

    /**
     * Another instance of this application, forwarding a read or an order command it was asked for
     * (INTERNAL_TOKEN).
     */
    public static final Principal INTERNAL = new Principal("internal", true, Set.of(Scope.READ));

    public Principal {
        scopes = Set.copyOf(scopes);
    }

    public static Principal of(ApiKey key) {
        return new Principal(key.id(), true, key.scopes());
    }

    /** Whether the request's key holds {@code scope}: a route may show more to some keys (health details to admin). */
    public boolean holds(Scope scope) {
        return scopes.contains(scope);
    }

    /** What {@link ApiKeyFilter} registered for the request; anonymous for a request it never saw. */
    public static Principal of(ServerRequest request) {
        return request.context().get(Principal.class).orElse(ANONYMOUS);
    }
}
