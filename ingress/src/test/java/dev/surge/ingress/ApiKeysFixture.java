package dev.surge.ingress;

import dev.surge.config.IngressSettings.Scope;
import dev.surge.ingress.auth.ApiKeyGenerator;
import java.util.Set;

/** Two ingest keys made the way `surge keys create` makes them, and the API_KEYS value naming both. */
final class ApiKeysFixture {

    private static final ApiKeyGenerator.NewKey A = ApiKeyGenerator.create("shop-a", Set.of(Scope.INGEST, Scope.ADMIN));
    private static final ApiKeyGenerator.NewKey B = ApiKeyGenerator.create("shop-b", Set.of(Scope.INGEST));

    static final String SHOP_A = A.key();
    static final String SHOP_B = B.key();
    static final String ENTRIES = A.configEntry() + ";" + B.configEntry();

    private ApiKeysFixture() {
    }
}
