package dev.surge.node.dlq;

import dev.surge.schemas.DlqRecord;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record of a DLQ topic: the original key and value bytes, every header, and the DLQ headers
 * read back. {@code dlq} is empty when they do not parse (a record some other tool wrote there):
 * such a record is shown, never replayed.
 */
public record DlqEntry(String topic, int partition, long offset, byte[] key, byte[] value, Headers headers,
                Optional<DlqRecord> dlq) {

    /**
     * The headers the dead-letter handler adds. correlation_id is not among them: the handler
     * copies it from the source record, so it stays on a replay.
     */
    public static final Set<String> DLQ_HEADERS = Set.of(DlqRecord.REASON, DlqRecord.ERROR, DlqRecord.SOURCE_TOPIC,
            DlqRecord.SOURCE_PARTITION, DlqRecord.SOURCE_OFFSET, DlqRecord.FAILED_AT);

    public static DlqEntry of(ConsumerRecord<byte[], byte[]> record) {
        Optional<DlqRecord> dlq;
        try {
            dlq = Optional.of(DlqRecord.readFrom(record.headers()));
        } catch (RuntimeException e) {
            dlq = Optional.empty();
        }
        return new DlqEntry(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                record.headers(), dlq);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** {@code orders-dlq-2@17}: how the replay marker and every listing name a DLQ record. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    public String reasonName() {
        return dlq.map(d -> d.reason().name()).orElse("UNREADABLE");
    }

    /** The source record's own headers, as they were before it was dead-lettered. */
    public Headers sourceHeaders() {
        RecordHeaders source = new RecordHeaders();
        for (Header header : headers) {
            if (!DLQ_HEADERS.contains(header.key())) {
                source.add(header.key(), header.value());
            }
        }
        return source;
    }
}
