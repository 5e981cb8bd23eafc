package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorsSettingsTest {

    private static CorsSettings load(String origins) {
        return SurgeConfig.load(Map.of("CORS_ORIGINS", origins), Map.of()).http().cors();
    }

    @Test
    void byDefaultNoOtherOriginIsAllowed() {
        CorsSettings cors = SurgeConfig.load(Map.of(), Map.of()).http().cors();

        assertThat(cors.enabled()).isFalse();
        assertThat(cors.allows("https://shop.example")).isFalse();
    }

    @Test
    void originsAreKeptAsBrowsersWriteThemWithoutTheDefaultPort() {
        CorsSettings cors = load(" https://Shop.Example , http://127.0.0.1:8081,HTTPS://b.example:443,");

        assertThat(cors.origins()).containsExactlyInAnyOrder("https://shop.example", "http://127.0.0.1:8081",
                "https://b.example");
        assertThat(cors.allows("https://shop.example")).isTrue();
        assertThat(cors.allows("http://shop.example")).isFalse();
        assertThat(cors.allows("https://shop.example:8443")).isFalse();
    }

    @Test
    void aWildcardIsRefusedAtStartWithWhatToWriteInstead() {
        for (String wildcard : Set.of("*", "https://shop.example,*", "https://*.shop.example")) {
            assertThatThrownBy(() -> load(wildcard)).as(wildcard)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CORS_ORIGINS")
                    .hasMessageContaining("wildcards are not allowed")
                    .hasMessageContaining("https://shop.example");
        }
    }

    @Test
    void anythingButSchemeHostAndPortIsRefusedByName() {
        Map<String, String> refused = Map.of(
                "https://shop.example/", "no path",
                "https://shop.example/checkout", "no path",
                "https://shop.example?x=1", "no path",
                "shop.example", "https:// or http://",
                "ftp://shop.example", "https:// or http://",
                "null", "https:// or http://",
                "https://user@shop.example", "without user info",
                "https://", "not a URL");
        refused.forEach((origin, problem) -> assertThatThrownBy(() -> load(origin)).as(origin)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setting CORS_ORIGINS: '" + origin + "'")
                .hasMessageContaining(problem));
    }
}
