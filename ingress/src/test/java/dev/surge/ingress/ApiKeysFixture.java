package dev.surge.ingress;

import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator;
import java.util.Set;

/**
 * Two ingest keys and a read-only one, made the way `surge keys create` makes them, and the API_KEYS
 * value naming all three.
 */
public final class ApiKeysFixture {

    private static final ApiKeyGenerator.NewKey A = ApiKeyGenerator.create("shop-a", Set.of(Scope.ORDERS, Scope.EVENTS, Scope.ADMIN));
    private static final ApiKeyGenerator.NewKey B = ApiKeyGenerator.create("shop-b", Set.of(Scope.ORDERS, Scope.EVENTS));
    private static final ApiKeyGenerator.NewKey R = ApiKeyGenerator.create("dashboard", Set.of(Scope.READ));

    public static final String SHOP_A = A.key();
    public static final String SHOP_B = B.key();
    public static final String READ_ONLY = R.key();
    public static final String ENTRIES = A.configEntry() + ";" + B.configEntry() + ";" + R.configEntry();

    private ApiKeysFixture() {
    }
}
