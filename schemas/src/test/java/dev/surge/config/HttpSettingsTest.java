package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static SurgeConfig.HttpSettings http(Map<String, String> env) {
        return SurgeConfig.load(env, Map.of()).http();
    }

    @Test
    void noManagementPortUnlessOneIsSet() {
        assertThat(http(Map.of()).managementPort()).isEmpty();
        assertThat(http(Map.of("MANAGEMENT_PORT", " ")).managementPort()).isEmpty();
        assertThat(http(Map.of("MANAGEMENT_PORT", "9090")).managementPort()).isEqualTo(OptionalInt.of(9090));
        assertThat(http(Map.of("MANAGEMENT_PORT", "0", "HTTP_PORT", "0")).managementPort()).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void refusesAManagementPortThatIsTheApisOrNoPort() {
        assertThatThrownBy(() -> http(Map.of("MANAGEMENT_PORT", "8080"))).hasMessageContaining("MANAGEMENT_PORT")
                .hasMessageContaining("differ from HTTP_PORT");
        assertThatThrownBy(() -> http(Map.of("MANAGEMENT_PORT", "70000"))).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> http(Map.of("MANAGEMENT_PORT", "metrics"))).hasMessageContaining("whole number");
    }

    @Test
    void onlyHealthIsOpenByDefaultNotMetrics() {
        AuthSettings auth = http(Map.of()).auth();
        assertThat(auth.isOpen("/health")).isTrue();
        assertThat(auth.isOpen("/health/live")).isTrue();
        assertThat(auth.isOpen("/metrics")).isFalse();
    }
}
