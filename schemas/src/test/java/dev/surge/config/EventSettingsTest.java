package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSettingsTest {

    @Test
    void defaultsAreTheIssuesFigures() {
        EventSettings events = SurgeConfig.load(Map.of(), Map.of()).events();

        assertThat(events.dedupWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(events.grace()).isEqualTo(Duration.ofHours(1));
        assertThat(events.dailyRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(events.hourlyRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(events.emitFinal()).isFalse();
        assertThat(events.maxBatch()).isEqualTo(1000);
        assertThat(events.maxEventBytes()).isEqualTo(32 * 1024);
        assertThat(events.maxFuture()).isEqualTo(Duration.ofMinutes(5));
        assertThat(events.maxQueryDays()).isEqualTo(400);
    }

    @Test
    void everyFigureIsConfigurable() {
        EventSettings events = SurgeConfig.load(Map.of("EVENTS_GRACE", "0s", "METRICS_EMIT", "final",
                "METRICS_DAILY_RETENTION", "2d", "EVENTS_MAX_BATCH", "50"), Map.of()).events();

        assertThat(events.grace()).isZero();
        assertThat(events.emitFinal()).isTrue();
        assertThat(events.dailyRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(events.maxBatch()).isEqualTo(50);
    }

    @Test
    void aRetentionShorterThanAWindowAndItsGraceIsRefused() {
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("METRICS_DAILY_RETENTION", "1d"), Map.of()))
                .hasMessageContaining("METRICS_DAILY_RETENTION").hasMessageContaining("1d plus EVENTS_GRACE");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("EVENTS_GRACE", "7d"), Map.of()))
                .hasMessageContaining("METRICS_HOURLY_RETENTION");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("METRICS_EMIT", "sometimes"), Map.of()))
                .hasMessageContaining("METRICS_EMIT").hasMessageContaining("updates or final");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("EVENTS_GRACE", "-1h"), Map.of()))
                .hasMessageContaining("EVENTS_GRACE");
    }
}
