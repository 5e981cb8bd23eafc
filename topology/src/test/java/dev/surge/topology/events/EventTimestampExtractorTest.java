package dev.surge.topology.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventTimestampExtractorTest {

    private static final long BROKER_TIME = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    private final EventTimestampExtractor extractor = new EventTimestampExtractor(Duration.ofMinutes(5));

    private long extract(String value) {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("events", 0, 0, BROKER_TIME,
                TimestampType.LOG_APPEND_TIME, 0, 0, "s", value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), Optional.empty());
        return extractor.extract(record, -1);
    }

    @Test
    void takesThePayloadsTimestampWhereverTheFieldIs() {
        assertThat(extract("{\"metadata\":{\"timestamp\":\"x\",\"a\":[1,{}]},\"timestamp\":\"2026-11-20T23:00:00+01:00\"}"))
                .isEqualTo(Instant.parse("2026-11-20T22:00:00Z").toEpochMilli());
    }

    @Test
    void fallsBackToTheBrokersTimeAndNeverThrows() {
        assertThat(extract("{\"session_id\":\"s\"}")).isEqualTo(BROKER_TIME);
        assertThat(extract("{\"timestamp\":1763719200}")).isEqualTo(BROKER_TIME);
        assertThat(extract("{\"timestamp\":\"yesterday\"}")).isEqualTo(BROKER_TIME);
        assertThat(extract("not json")).isEqualTo(BROKER_TIME);
        assertThat(extract("[1,2]")).isEqualTo(BROKER_TIME);
        assertThat(extract(null)).isEqualTo(BROKER_TIME);
        assertThat(extract("{\"timestamp\":\"1969-12-31T23:59:59Z\"}")).isEqualTo(BROKER_TIME);
    }

    @Test
    void doesNotBelieveATimestampFurtherAheadThanAllowed() {
        assertThat(extract("{\"timestamp\":\"2026-11-21T10:05:00Z\"}")).isEqualTo(BROKER_TIME + 300_000);
        assertThat(extract("{\"timestamp\":\"2026-11-21T10:05:00.001Z\"}")).isEqualTo(BROKER_TIME);
        assertThat(extract("{\"timestamp\":\"3000-01-01T00:00:00Z\"}")).isEqualTo(BROKER_TIME);
    }
}
