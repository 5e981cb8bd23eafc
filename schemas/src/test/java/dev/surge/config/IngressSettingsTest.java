package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.AuthSettings.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngressSettingsTest {

    private static final String HASH = "a".repeat(64);

    private static IngressSettings load(Map<String, String> env) {
        return SurgeConfig.load(env, Map.of()).ingress();
    }

    /** API keys and the drain time are the HTTP server's, on every role. */
    private static SurgeConfig.HttpSettings http(Map<String, String> env) {
        return SurgeConfig.load(env, Map.of()).http();
    }

    @Test
    void defaultsAreASingleNodeWithLimitsOnAndAuthOff() {
        IngressSettings settings = load(Map.of());

        assertThat(settings.redis().url()).isEmpty();
        assertThat(settings.redis().timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.redis().failClosed()).isFalse();
        assertThat(settings.rateLimits().perUser()).isEqualTo(60);
        assertThat(settings.rateLimits().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.breaker().openBase()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.breaker().openMax()).isEqualTo(Duration.ofSeconds(300));
        SurgeConfig.HttpSettings http = http(Map.of());
        assertThat(http.auth().enabled()).isFalse();
        assertThat(http.auth().isOpen("/health/ready")).isTrue();
        assertThat(http.auth().isOpen("/healthz")).isFalse();
        assertThat(http.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsApiKeysWithTheirScopes() {
        SurgeConfig.HttpSettings settings = http(Map.of("API_KEYS", "shop-1:" + HASH + ":ingest,read; ops:"
                + HASH.toUpperCase() + ":admin"));

        assertThat(settings.auth().keys()).extracting(AuthSettings.ApiKey::id).containsExactly("shop-1", "ops");
        assertThat(settings.auth().keys().get(0).scopes()).containsExactlyInAnyOrder(Scope.ORDERS, Scope.EVENTS, Scope.READ);
        assertThat(settings.auth().keys().get(1).sha256Hex()).isEqualTo(HASH);
        assertThat(settings.auth().keys().get(1).scopes()).isEqualTo(Set.of(Scope.ADMIN));
    }

    @Test
    void refusesBadKeysWithoutEchoingTheSetting() {
        assertThatThrownBy(() -> load(Map.of("API_KEYS", "shop-1:not-a-hash:ingest")))
                .hasMessageContaining("64 hex digits").hasMessageNotContaining("not-a-hash");
        assertThatThrownBy(() -> load(Map.of("API_KEYS", "shop-1:" + HASH + ":root")))
                .hasMessageContaining("unknown scope 'root'");
        assertThatThrownBy(() -> load(Map.of("API_KEYS", "a:" + HASH + ":read;a:" + HASH + ":read")))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> load(Map.of("API_KEYS", "surge_secret_pasted_here")))
                .hasMessageNotContaining("secret_pasted");
    }

    @Test
    void refusesImpossibleSettings() {
        assertThatThrownBy(() -> load(Map.of("REDIS_FAILURE_MODE", "maybe"))).hasMessageContaining("open or closed");
        assertThatThrownBy(() -> load(Map.of("REDIS_TIMEOUT", "0ms"))).hasMessageContaining("positive");
        assertThatThrownBy(() -> load(Map.of("BREAKER_OPEN_BASE", "60s", "BREAKER_OPEN_MAX", "30s")))
                .hasMessageContaining("BREAKER_OPEN_MAX");
        assertThatThrownBy(() -> load(Map.of("AUTH_OPEN_PATHS", "health"))).hasMessageContaining("start with /");
    }
}
