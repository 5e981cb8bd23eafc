package dev.surge.topology;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.Validated;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns a validator's refusal, or a record keyed or placed wrongly, into an {@link InvalidRecordException}. */
public final class RecordReader {

    private RecordReader() {
    }

    public static <T> T read(byte[] value, Function<byte[], Validated<T>> validator) {
        return switch (validator.apply(value)) {
            case Validated.Valid<T> valid -> valid.value();
            case Validated.Invalid<T> invalid -> throw new InvalidRecordException(
                    invalid.notJson() ? DlqRecord.Reason.INVALID_JSON : DlqRecord.Reason.SCHEMA_VIOLATION,
                    invalid.describe());
        };
    }

    /**
     * Every record of an item must reach the task that holds the item's stock. Kafka's Java client
     * partitions by murmur2 of the key; a producer with another partitioner (kcat's default is
     * crc32) would put the record on a task holding no stock, or a second copy of it. Such a
     * record is refused, with the remedy in the error, and can be replayed once produced right.
     */
    static void requirePartition(String key, RecordMetadata where, int partitionCount) {
        int expected = PartitionRouter.partitionOf(key, partitionCount);
        if (where.partition() != expected) {
            // PartitionRouter sent it here already once: the producer and Surge disagree on the partitions.
            throw new InvalidRecordException(DlqRecord.Reason.WRONG_PARTITION, "key '" + key + "' belongs on partition "
                    + expected + " of " + partitionCount + " (murmur2, as the Java client partitions), not "
                    + where.partition() + ", even after it was sent there once; does the topic have "
                    + partitionCount + " partitions?");
        }
    }

    /** The header idempotency_key under the same rule as the HTTP header, else the order_id. */
    static String idempotencyKey(Headers headers, String orderId) {
        String key = KafkaHeaders.text(headers, KafkaHeaders.IDEMPOTENCY_KEY);
        if (key == null) {
            return orderId;
        }
        if (!KafkaHeaders.isValidIdempotencyKey(key)) {
            throw new InvalidRecordException(DlqRecord.Reason.SCHEMA_VIOLATION,
                    "header idempotency_key: must be 1-255 printable ASCII characters");
        }
        return key;
    }

    /** Records are partitioned by item: a key that disagrees with the body would land on the wrong task. */
    static void requireKey(String key, String itemId) {
        if (!Objects.equals(key, itemId)) {
            throw new InvalidRecordException(DlqRecord.Reason.KEY_MISMATCH,
                    "record key '" + key + "' does not match item_id '" + itemId + "'");
        }
    }
}
