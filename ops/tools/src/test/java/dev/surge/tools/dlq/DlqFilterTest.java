package dev.surge.tools.dlq;

import dev.surge.node.dlq.DlqEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.DlqRecord.Reason;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DlqFilterTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    static DlqEntry entry(Reason reason, Instant failedAt, String correlationId) {
        DlqRecord dlq = new DlqRecord(reason, "why", "orders", 0, 7, correlationId, failedAt);
        RecordHeaders headers = new RecordHeaders();
        dlq.writeTo(headers);
        return new DlqEntry("orders-dlq", 0, 3, "k".getBytes(), "v".getBytes(), headers, Optional.of(dlq));
    }

    @Test
    void everyConditionGivenMustHold() {
        DlqEntry late = entry(Reason.LATE, NOW.minusSeconds(600), "trace-1");
        assertThat(DlqFilter.NONE.matches(late)).isTrue();
        assertThat(DlqFilter.NONE.withReason("late").matches(late)).isTrue();
        assertThat(DlqFilter.NONE.withReason("INVALID_JSON").matches(late)).isFalse();
        assertThat(DlqFilter.NONE.withSince("15m", NOW).matches(late)).isTrue();
        assertThat(DlqFilter.NONE.withSince("5m", NOW).matches(late)).isFalse();
        assertThat(DlqFilter.NONE.withCorrelationId("trace-1").matches(late)).isTrue();
        assertThat(DlqFilter.NONE.withCorrelationId("trace-2").matches(late)).isFalse();
        assertThat(DlqFilter.NONE.withReason("LATE").withCorrelationId("trace-2").matches(late)).isFalse();
    }

    @Test
    void sinceIsInclusiveAndTakesInstantsWithAnOffset() {
        DlqEntry at = entry(Reason.LATE, Instant.parse("2026-11-21T10:00:00Z"), null);
        assertThat(DlqFilter.NONE.withSince("2026-11-21T10:00:00Z", NOW).matches(at)).isTrue();
        assertThat(DlqFilter.NONE.withSince("2026-11-21T11:00:00+01:00", NOW).matches(at)).isTrue();
        assertThat(DlqFilter.NONE.withSince("2026-11-21T10:00:01Z", NOW).matches(at)).isFalse();
        assertThat(DlqFilter.parseSince("7d", NOW)).isEqualTo(Instant.parse("2026-11-14T12:00:00Z"));
        assertThatThrownBy(() -> DlqFilter.parseSince("-PT1H", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordWithoutReadableDlqHeadersMatchesOnlyTheEmptyFilter() {
        DlqEntry unreadable = new DlqEntry("orders-dlq", 0, 1, null, "x".getBytes(), new RecordHeaders(),
                Optional.empty());
        assertThat(DlqFilter.NONE.matches(unreadable)).isTrue();
        assertThat(DlqFilter.NONE.withSince("1h", NOW).matches(unreadable)).isFalse();
        assertThat(unreadable.reasonName()).isEqualTo("UNREADABLE");
    }

    @Test
    void describesItselfForTheOutput() {
        assertThat(DlqFilter.NONE.describe()).isEqualTo("no filter");
        assertThat(DlqFilter.NONE.withReason("LATE").withCorrelationId("c").describe())
                .isEqualTo("reason LATE, correlation_id c");
    }
}
