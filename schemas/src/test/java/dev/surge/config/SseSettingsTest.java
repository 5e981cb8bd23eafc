package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SseSettingsTest {

    @Test
    void defaultsAllowAThousandStreamsTwentyPerKeyWithAHeartbeatEveryFifteenSeconds() {
        SseSettings sse = SurgeConfig.load(Map.of(), Map.of()).sse();

        assertThat(sse).isEqualTo(new SseSettings(1000, 20, Duration.ofSeconds(15), 1000, 50));
    }

    @Test
    void capsOfZeroOrAHeartbeatOfNothingAreRefusedByName() {
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("SSE_MAX_STREAMS", "0"), Map.of()))
                .hasMessageContaining("SSE_MAX_STREAMS");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("SSE_MAX_STREAMS_PER_KEY", "-1"), Map.of()))
                .hasMessageContaining("SSE_MAX_STREAMS_PER_KEY");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("SSE_HEARTBEAT", "0s"), Map.of()))
                .hasMessageContaining("SSE_HEARTBEAT");
    }
}
