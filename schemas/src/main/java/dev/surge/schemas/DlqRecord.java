package dev.surge.schemas;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of a dead-letter record (schemas/dlq-headers.schema.json). The record itself keeps
 * the original key and value bytes, so it can be replayed to its source topic as it was.
 */
public record DlqRecord(Reason reason, String error, String sourceTopic, int sourcePartition, long sourceOffset,
                        String correlationId, Instant failedAt, Long valueTruncatedFrom, Integer headersDropped) {

    /** A dead letter that carries its source record whole. */
    public DlqRecord(Reason reason, String error, String sourceTopic, int sourcePartition, long sourceOffset,
                     String correlationId, Instant failedAt) {
        this(reason, error, sourceTopic, sourcePartition, sourceOffset, correlationId, failedAt, null, null);
    }

    public enum Reason {
        INVALID_JSON, SCHEMA_VIOLATION, KEY_MISMATCH, WRONG_PARTITION, PROCESSING_ERROR,
        /** An event for a window that closed (its end plus the grace period passed) before it arrived. */
        LATE
    }

    public static final String REASON = "reason";
    public static final String ERROR = "error";
    public static final String SOURCE_TOPIC = "source_topic";
    public static final String SOURCE_PARTITION = "source_partition";
    public static final String SOURCE_OFFSET = "source_offset";
    public static final String FAILED_AT = "failed_at";
    /** On a dead letter whose value was cut to fit: the original value's length in bytes. */
    public static final String VALUE_TRUNCATED_FROM = "value_truncated_from";
    /** On a dead letter that left out some of its source record's headers: how many. */
    public static final String HEADERS_DROPPED = "headers_dropped";

    /** Longer error texts are cut: a header is for diagnosis, not for a whole stack trace. */
    static final int MAX_ERROR_LENGTH = 1000;

    /** Adds the DLQ headers to (a copy of) the source record's headers. */
    public void writeTo(Headers headers) {
        KafkaHeaders.put(headers, REASON, reason.name());
        String text = error == null ? "" : error;
        KafkaHeaders.put(headers, ERROR, text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text);
        KafkaHeaders.put(headers, SOURCE_TOPIC, sourceTopic);
        KafkaHeaders.put(headers, SOURCE_PARTITION, Integer.toString(sourcePartition));
        KafkaHeaders.put(headers, SOURCE_OFFSET, Long.toString(sourceOffset));
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, correlationId);
        KafkaHeaders.put(headers, FAILED_AT, failedAt.toString());
        if (valueTruncatedFrom != null) {
            KafkaHeaders.put(headers, VALUE_TRUNCATED_FROM, valueTruncatedFrom.toString());
        }
        if (headersDropped != null) {
            KafkaHeaders.put(headers, HEADERS_DROPPED, headersDropped.toString());
        }
    }

    public static DlqRecord readFrom(Headers headers) {
        return new DlqRecord(
                Reason.valueOf(KafkaHeaders.text(headers, REASON)),
                KafkaHeaders.text(headers, ERROR),
                KafkaHeaders.text(headers, SOURCE_TOPIC),
                Integer.parseInt(KafkaHeaders.text(headers, SOURCE_PARTITION)),
                Long.parseLong(KafkaHeaders.text(headers, SOURCE_OFFSET)),
                KafkaHeaders.text(headers, KafkaHeaders.CORRELATION_ID),
                Instant.parse(KafkaHeaders.text(headers, FAILED_AT)),
                Optional.ofNullable(KafkaHeaders.text(headers, VALUE_TRUNCATED_FROM)).map(Long::valueOf).orElse(null),
                Optional.ofNullable(KafkaHeaders.text(headers, HEADERS_DROPPED)).map(Integer::valueOf).orElse(null));
    }
}
