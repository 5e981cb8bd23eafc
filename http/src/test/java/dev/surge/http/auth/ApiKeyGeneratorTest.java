package dev.surge.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyGeneratorTest {

    @Test
    void keyCarriesItsIdAndA32ByteSecret() {
        NewKey created = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS));

        assertThat(created.key()).matches("surge_shop-1_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeyFormat.idOf(created.key())).contains("shop-1");
    }

    @Test
    void hashIsSha256OfTheWholeKey() throws Exception {
        NewKey created = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS));

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(created.key().getBytes(StandardCharsets.UTF_8));
        assertThat(created.sha256Hex()).isEqualTo(HexFormat.of().formatHex(digest));
    }

    @Test
    void configEntryListsScopesLowerCaseAndSorted() {
        NewKey created = ApiKeyGenerator.create("ops", EnumSet.of(Scope.READ, Scope.ORDERS, Scope.EVENTS, Scope.ADMIN));

        assertThat(created.configEntry()).isEqualTo("ops:" + created.sha256Hex() + ":admin,events,orders,read");
    }

    @Test
    void everyKeyIsNew() {
        assertThat(ApiKeyGenerator.create("a", Set.of(Scope.READ)).key())
                .isNotEqualTo(ApiKeyGenerator.create("a", Set.of(Scope.READ)).key());
    }

    @Test
    void refusesAnIdTheSettingWouldRefuse() {
        for (String id : new String[] {"", "Shop", "shop_1", "-shop", "a".repeat(33), "shop:1"}) {
            assertThatThrownBy(() -> ApiKeyGenerator.create(id, Set.of(Scope.READ)))
                    .as(id)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ApiKeyGenerator.create(null, Set.of(Scope.READ)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAKeyWithoutScopes() {
        assertThatThrownBy(() -> ApiKeyGenerator.create("shop-1", Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printingTheRecordDoesNotShowTheSecret() {
        NewKey created = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS));

        assertThat(created.toString()).doesNotContain(created.key()).contains("shop-1");
    }
}
