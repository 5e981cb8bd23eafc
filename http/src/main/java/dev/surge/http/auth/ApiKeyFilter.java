package dev.surge.http.auth;

import dev.surge.config.AuthSettings.ApiKey;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import dev.surge.http.CorrelationId;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.http.Sha256;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/**
 * Lets a request through to the routes only with a key that holds the scope its path needs
 * ({@link RequiredScope}), and leaves the {@link Principal} in the request's context for whatever
 * runs after it. Keys come as {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}.
 * With no key configured, authentication is off and every request is anonymous.
 */
public final class ApiKeyFilter implements Filter {

    public static final HeaderName API_KEY = HeaderNames.create("X-API-Key");
    /** Where one instance shows another the shared INTERNAL_TOKEN. */
    public static final HeaderName INTERNAL_TOKEN = HeaderNames.create("X-Surge-Internal-Token");
    private static final String BEARER = "bearer";

    /**
     * Stands for credentials that contradict each other. It is not a well-formed key, so it is
     * refused like any invalid key, after the same hash comparison.
     */
    private static final String CONFLICTING = "";

    private final AuthSettings auth;
    private final ApiKeys keys;
    private final Optional<byte[]> internalTokenHash;
    private final BiPredicate<Method, String> peerWrites;

    /** Another instance may forward reads only. */
    public ApiKeyFilter(AuthSettings auth) {
        this(auth, (method, path) -> false);
    }

    /**
     * @param peerWrites the writes (method, normalized path) another instance may forward with the
     *                   INTERNAL_TOKEN besides reads: those only a key's owner can decide, made on
     *                   behalf of the caller named in {@link Viewer#ON_BEHALF_OF}, whose view the
     *                   route applies. They must be writes the {@code orders} scope covers.
     */
    public ApiKeyFilter(AuthSettings auth, BiPredicate<Method, String> peerWrites) {
        this.auth = auth;
        this.keys = new ApiKeys(auth);
        this.internalTokenHash = auth.internalToken().map(Sha256::of);
        this.peerWrites = peerWrites;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!auth.enabled()) {
            request.context().register(Principal.ANONYMOUS);
            request.context().register(Viewer.EVERYONE);
            chain.proceed();
            return;
        }
        Method method = request.prologue().method();
        RequiredScope required = RequiredScope.of(auth, method, request.path().path());
        if (fromAnotherInstance(request.headers())) {
            // Peers forward reads, and the few writes a key's owner decides: the token opens no other write.
            request.context().register(Principal.INTERNAL);
            request.context().register(Viewer.onBehalfOf(request.headers().first(Viewer.ON_BEHALF_OF)));
            boolean peerWrite = required == RequiredScope.ORDERS
                    && peerWrites.test(method, RequiredScope.normalize(request.path().path()));
            if (required.scope().isPresent() && required.scope().get() != Scope.READ && !peerWrite) {
                refuse(request, response, RequestRejected.forbidden(required.scope().get().name().toLowerCase(Locale.ROOT)));
                return;
            }
            chain.proceed();
            return;
        }
        Optional<ApiKey> key = presentedKey(request.headers()).flatMap(keys::authenticate);
        // An open path never refuses: a probe carrying a stale key must still see the service's health.
        if (!required.keyRequired()) {
            request.context().register(key.map(Principal::of).orElse(Principal.ANONYMOUS));
            key.ifPresent(known -> request.context().register(Viewer.of(known)));
            chain.proceed();
            return;
        }
        if (key.isEmpty()) {
            refuse(request, response, RequestRejected.unauthorized());
            return;
        }
        // Registered before a refusal too, so a 403 is counted against the key that earned it.
        request.context().register(Principal.of(key.get()));
        request.context().register(Viewer.of(key.get()));
        if (required.scope().isPresent() && !key.get().scopes().contains(required.scope().get())) {
            refuse(request, response,
                    RequestRejected.forbidden(required.scope().get().name().toLowerCase(Locale.ROOT)));
            return;
        }
        chain.proceed();
    }

    /** Compared as hashes, in constant time: the time taken says nothing about how much of a guess was right. */
    private boolean fromAnotherInstance(ServerRequestHeaders headers) {
        Optional<String> presented = headers.first(INTERNAL_TOKEN);
        return presented.isPresent() && internalTokenHash.isPresent()
                && MessageDigest.isEqual(Sha256.of(presented.get()), internalTokenHash.get());
    }

    /**
     * The key the request carries in either header; empty if it carries none. A request that names
     * two different keys gets neither: which one it meant is a guess we do not make.
     */
    static Optional<String> presentedKey(ServerRequestHeaders headers) {
        List<String> candidates = Stream.concat(
                        headers.all(API_KEY, List::of).stream().map(String::trim),
                        headers.all(HeaderNames.AUTHORIZATION, List::of).stream()
                                .map(ApiKeyFilter::bearerToken)
                                .flatMap(Optional::stream))
                .distinct()
                .toList();
        return switch (candidates.size()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(candidates.getFirst());
            default -> Optional.of(CONFLICTING);
        };
    }

    /** The token of a Bearer credential; other schemes are not ours and are ignored. */
    private static Optional<String> bearerToken(String authorization) {
        String value = authorization.trim();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        return Optional.of(space < 0 ? "" : value.substring(space + 1).trim());
    }

    private static void refuse(RoutingRequest request, RoutingResponse response, RequestRejected rejected) {
        HttpErrors.send(response, rejected, CorrelationId.of(request, response));
    }
}
