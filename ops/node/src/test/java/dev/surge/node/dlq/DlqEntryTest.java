package dev.surge.node.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.KafkaHeaders;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DlqEntryTest {

    @Test
    void theSourceHeadersAreTheDeadLetteredRecordsOwnIncludingItsCorrelationId() {
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, "trace-9");
        KafkaHeaders.put(headers, KafkaHeaders.IDEMPOTENCY_KEY, "idem-1");
        new DlqRecord(DlqRecord.Reason.WRONG_PARTITION, "wrong", "orders", 1, 42, "trace-9",
                Instant.parse("2026-11-21T10:00:00Z")).writeTo(headers);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders-dlq", 2, 17, "k".getBytes(),
                "v".getBytes());
        headers.forEach(h -> record.headers().add(h));

        DlqEntry entry = DlqEntry.of(record);

        assertThat(entry.position()).isEqualTo("orders-dlq-2@17");
        assertThat(entry.dlq()).hasValueSatisfying(d -> assertThat(d.sourceOffset()).isEqualTo(42));
        assertThat(entry.sourceHeaders().toArray()).extracting(Header::key)
                .containsExactlyInAnyOrder(KafkaHeaders.CORRELATION_ID, KafkaHeaders.IDEMPOTENCY_KEY);
    }

    @Test
    void headersThatDoNotParseLeaveTheRecordUnreadableNotFailing() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders-dlq", 0, 1, null, "x".getBytes());
        record.headers().add(DlqRecord.REASON, "NO_SUCH_REASON".getBytes());
        assertThat(DlqEntry.of(record).dlq()).isEmpty();
    }
}
