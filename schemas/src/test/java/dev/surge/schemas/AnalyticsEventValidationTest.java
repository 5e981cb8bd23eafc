package dev.surge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnalyticsEventValidationTest {

    private final MessageValidator validator = new MessageValidator(10, 1024);

    private Validated<AnalyticsEvent> event(String json) {
        return validator.event(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAFullEvent() {
        var result = event("{\"event_id\":\"e-1\",\"session_id\":\"s-1\",\"user_id\":\"u-1\",\"event_type\":\"page_view\","
                + "\"event_action\":\"view\",\"metadata\":{\"path\":\"/sale\"},\"timestamp\":\"2026-11-21T10:30:00+01:00\"}");

        AnalyticsEvent event = ((Validated.Valid<AnalyticsEvent>) result).value();
        assertThat(event.eventId()).isEqualTo("e-1");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-21T09:30:00Z"));
        assertThat(event.metadata().path("path").asText()).isEqualTo("/sale");
    }

    @Test
    void eventIdUserMetadataAndTimestampMayBeLeftOut() {
        var result = event("{\"session_id\":\"s\",\"event_type\":\"checkout\",\"event_action\":\"step_1\"}");

        AnalyticsEvent event = ((Validated.Valid<AnalyticsEvent>) result).value();
        assertThat(event.eventId()).isNull();
        assertThat(event.userId()).isNull();
        assertThat(event.timestamp()).isNull();
        assertThat(event.metadata().isObject()).isTrue();
    }

    @Test
    void listsEveryFailingField() {
        var result = event("{\"session_id\":\"\",\"event_type\":\"a|b\",\"metadata\":[],\"colour\":1}");

        assertThat(((Validated.Invalid<AnalyticsEvent>) result).errors())
                .extracting(FieldError::field, FieldError::message)
                .containsExactly(
                        tuple("colour", "is not a known field"),
                        tuple("event_action", "is required"),
                        tuple("event_type", "must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' or '-'"),
                        tuple("metadata", "array found, object expected"),
                        tuple("session_id", "must be 1-128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'"));
    }

    @Test
    void timestampsMustBeRfc3339WithAnOffset() {
        String base = "{\"session_id\":\"s\",\"event_type\":\"t\",\"event_action\":\"a\",\"timestamp\":";
        assertThat(event(base + "\"2026-11-21T10:00:00\"}")).isInstanceOf(Validated.Invalid.class);
        assertThat(event(base + "\"2026-11-21 10:00:00Z\"}")).isInstanceOf(Validated.Invalid.class);
        assertThat(event(base + "1763719200}")).isInstanceOf(Validated.Invalid.class);
        var impossible = (Validated.Invalid<AnalyticsEvent>) event(base + "\"2026-02-30T10:00:00Z\"}");
        assertThat(impossible.errors()).containsExactly(
                new FieldError("timestamp", "is not a valid RFC 3339 date-time"));
        var lowerCase = (Validated.Valid<AnalyticsEvent>) event(base + "\"2026-11-21t10:00:00.123z\"}");
        assertThat(lowerCase.value().timestamp()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
    }

    @Test
    void anEventOverTheSizeLimitIsRefusedBeforeParsing() {
        String big = "{\"session_id\":\"s\",\"event_type\":\"t\",\"event_action\":\"a\",\"metadata\":{\"x\":\""
                + "y".repeat(2000) + "\"}}";
        var result = (Validated.Invalid<AnalyticsEvent>) event(big);

        assertThat(result.notJson()).isFalse();
        assertThat(result.errors().get(0).message()).contains("at most 1024");
    }

    @Test
    void theFutureRuleAllowsAClockAheadByAtMostTheLimit() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        AnalyticsEvent event = new AnalyticsEvent("e", "s", null, "t", "a", null, now.plus(Duration.ofMinutes(5)));

        assertThat(event.isTooFarAhead(now, Duration.ofMinutes(5))).isFalse();
        assertThat(event.withTimestamp(now.plusSeconds(301)).isTooFarAhead(now, Duration.ofMinutes(5))).isTrue();
        assertThat(event.withTimestamp(null).isTooFarAhead(now, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void metricKeysSplitBackIntoTheirParts() {
        MetricKey key = MetricKey.of(Metric.EVENTS, Metric.Dimension.EVENT_TYPE_ACTION, "checkout:step_2");

        assertThat(key.encode()).isEqualTo("events|event_type:event_action|checkout:step_2");
        assertThat(MetricKey.decode(key.encode())).isEqualTo(key);
        assertThat(new DailyMetric(java.time.LocalDate.parse("2026-11-21"), "events", "all", "all", 3).key())
                .isEqualTo("2026-11-21|events|all|all");
    }
}
