package dev.surge.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.ApiKey;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final NewKey shop = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS));
    private final NewKey ops = ApiKeyGenerator.create("ops", EnumSet.of(Scope.ADMIN, Scope.READ));
    private final ApiKeys keys = new ApiKeys(new AuthSettings(ApiKeysSetting.parse(shop.configEntry() + ";" + ops.configEntry()),
            List.of("/health")));

    @Test
    void validKeyYieldsItsConfiguration() {
        assertThat(keys.authenticate(shop.key())).hasValueSatisfying(key -> {
            assertThat(key.id()).isEqualTo("shop-1");
            assertThat(key.scopes()).containsExactlyInAnyOrder(Scope.ORDERS, Scope.EVENTS);
        });
        assertThat(keys.authenticate(ops.key()).map(ApiKey::id)).contains("ops");
    }

    @Test
    void generatedEntryParsesBackAndAuthenticatesItsKey() {
        NewKey created = ApiKeyGenerator.create("fresh", EnumSet.of(Scope.READ, Scope.ORDERS, Scope.EVENTS));
        List<ApiKey> parsed = ApiKeysSetting.parse(created.configEntry());

        assertThat(parsed).containsExactly(new ApiKey("fresh", created.sha256Hex(), Set.of(Scope.READ, Scope.ORDERS, Scope.EVENTS)));
        assertThat(new ApiKeys(new AuthSettings(parsed, List.of())).authenticate(created.key()))
                .map(ApiKey::id).contains("fresh");
    }

    @Test
    void wrongSecretForAKnownIdIsRefused() {
        String other = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS)).key();

        assertThat(keys.authenticate(other)).isEmpty();
    }

    @Test
    void anotherKeysSecretUnderAKnownIdIsRefused() {
        String secretOfOps = ops.key().substring("surge_ops_".length());

        assertThat(keys.authenticate("surge_shop-1_" + secretOfOps)).isEmpty();
    }

    @Test
    void unknownIdIsRefused() {
        assertThat(keys.authenticate(ApiKeyGenerator.create("stranger", Set.of(Scope.ORDERS, Scope.EVENTS)).key())).isEmpty();
    }

    @Test
    void malformedEmptyAndMissingKeysAreRefused() {
        for (String presented : new String[] {"", "surge_", "surge_shop-1_", "surge_shop-1", shop.sha256Hex(),
                shop.key() + "x", shop.key().substring(1), " " + shop.key(), shop.key().toUpperCase()}) {
            assertThat(keys.authenticate(presented)).as(presented).isEmpty();
        }
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void noKeysConfiguredAuthenticatesNothing() {
        assertThat(new ApiKeys(new AuthSettings(List.of(), List.of())).authenticate(shop.key())).isEmpty();
    }
}
