package dev.surge.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.AuthSettings.ApiKey;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import dev.surge.config.SurgeConfig.HttpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenAccessTest {

    private static HttpSettings http(String host, List<ApiKey> keys, boolean authDisabled) {
        return new HttpSettings(host, 8080, 1_000_000, Duration.ofSeconds(30), new AuthSettings(keys, List.of()),
                Duration.ofSeconds(10), authDisabled, 10_000, 2_000);
    }

    @Test
    void aNodeWithoutKeysThatOthersCanReachRefusesToStart() {
        for (String host : List.of("0.0.0.0", "::", "10.1.2.3", "surge.example.com")) {
            assertThatThrownBy(() -> OpenAccess.check(http(host, List.of(), false), 8080))
                    .as(host).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("API_KEYS is empty").hasMessageContaining("AUTH_DISABLED=true");
        }
    }

    @Test
    void onLoopbackWithKeysOrWhenTheOperatorSaysSoItStarts() {
        for (String host : List.of("127.0.0.1", "localhost", "::1", "127.0.0.2")) {
            assertThatCode(() -> OpenAccess.check(http(host, List.of(), false), 8080)).as(host).doesNotThrowAnyException();
        }
        assertThatCode(() -> OpenAccess.check(http("0.0.0.0", List.of(), true), 8080)).doesNotThrowAnyException();
        ApiKey key = new ApiKey("shop", "0".repeat(64), Set.of(Scope.ORDERS));
        assertThatCode(() -> OpenAccess.check(http("0.0.0.0", List.of(key), false), 8080)).doesNotThrowAnyException();
    }

    @Test
    void loopbackIsDecidedWithoutAskingDns() {
        assertThat(OpenAccess.isLoopback("localhost")).isTrue();
        assertThat(OpenAccess.isLoopback("localhost.example.com")).isFalse();
        assertThat(OpenAccess.isLoopback("0.0.0.0")).isFalse();
    }
}
