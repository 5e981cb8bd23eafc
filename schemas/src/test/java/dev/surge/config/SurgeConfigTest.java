package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurgeConfigTest {

    @Test
    void defaultsDescribeASingleEmbeddedNode() {
        SurgeConfig config = SurgeConfig.load(Map.of(), Map.of());

        assertThat(config.role()).isEqualTo(Role.ALL);
        assertThat(config.kafka().bootstrapServers()).isEmpty();
        assertThat(config.kafka().embeddedPort()).isEqualTo(9092);
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(config.orders().maxQuantity()).isEqualTo(10);
        assertThat(config.orders().dedupWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.orders().perUserLimitEnabled()).isFalse();
        assertThat(config.streams().processingGuarantee()).isEqualTo("exactly_once_v2");
    }

    @Test
    void authDisabledIsAFlagThatContradictsKeys() {
        assertThat(SurgeConfig.load(Map.of(), Map.of()).http().authDisabled()).isFalse();
        assertThat(SurgeConfig.load(Map.of("AUTH_DISABLED", "true"), Map.of()).http().authDisabled()).isTrue();
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("AUTH_DISABLED", "yes"), Map.of()))
                .hasMessageContaining("AUTH_DISABLED").hasMessageContaining("true or false");
        String key = "shop:" + "0".repeat(64) + ":ingest";
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("AUTH_DISABLED", "true", "API_KEYS", key), Map.of()))
                .hasMessageContaining("contradicts API_KEYS");
    }

    @Test
    void environmentWinsOverTheFileAndBothSpellingsWork() {
        SurgeConfig config = SurgeConfig.load(
                Map.of("HTTP_PORT", "9000", "PATH", "/usr/bin"),
                Map.of("http.port", "7000", "dedup.window", "15m", "ROLE", "processor"));

        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(config.orders().dedupWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.role()).isEqualTo(Role.PROCESSOR);
    }

    @Test
    void kafkaAndStreamsSettingsPassThrough() {
        SurgeConfig config = SurgeConfig.load(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092", "KAFKA_LINGER_MS", "20", "STREAMS_NUM_STANDBY_REPLICAS", "1"),
                Map.of("kafka.security.protocol", "SSL"));

        assertThat(config.kafka().bootstrapServers()).contains("k1:9092");
        assertThat(config.kafka().clientOverrides())
                .containsEntry("linger.ms", "20")
                .containsEntry("security.protocol", "SSL")
                .doesNotContainKey("bootstrap.servers");
        assertThat(config.streams().overrides()).containsEntry("num.standby.replicas", "1");
    }

    @Test
    void tracingIsKeptSevenDaysUnlessTurnedOff() {
        assertThat(SurgeConfig.load(Map.of(), Map.of()).streams().traceRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(SurgeConfig.load(Map.of("TRACE_RETENTION", "1h"), Map.of()).streams().tracing()).isTrue();
        assertThat(SurgeConfig.load(Map.of("TRACE_RETENTION", "off"), Map.of()).streams().tracing()).isFalse();
        assertThat(SurgeConfig.load(Map.of("TRACE_RETENTION", "0"), Map.of()).streams().tracing()).isFalse();
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("TRACE_RETENTION", "-PT1H"), Map.of()))
                .hasMessageContaining("TRACE_RETENTION").hasMessageContaining("negative");
    }

    @Test
    void errorsNameTheSetting() {
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("HTTP_PORT", "eighty"), Map.of()))
                .hasMessageContaining("HTTP_PORT").hasMessageContaining("whole number");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("DEDUP_WINDOW", "a while"), Map.of()))
                .hasMessageContaining("DEDUP_WINDOW");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("ROLE", "boss"), Map.of()))
                .hasMessageContaining("ROLE");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of(), Map.of("htp.port", "1")))
                .hasMessageContaining("unknown setting 'htp.port'");
    }

    @Test
    void durationsReadTheWaysOperatorsWriteThem() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    }
}
