package dev.surge.topology;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.Validated;
import java.util.Objects;
import java.util.function.Function;

/** Turns a validator's refusal, or a key that does not match the body, into an {@link InvalidRecordException}. */
final class RecordReader {

    private RecordReader() {
    }

    static <T> T read(byte[] value, Function<byte[], Validated<T>> validator) {
        return switch (validator.apply(value)) {
            case Validated.Valid<T> valid -> valid.value();
            case Validated.Invalid<T> invalid -> throw new InvalidRecordException(
                    invalid.notJson() ? DlqRecord.Reason.INVALID_JSON : DlqRecord.Reason.SCHEMA_VIOLATION,
                    invalid.describe());
        };
    }

    /** Records are partitioned by item: a key that disagrees with the body would land on the wrong task. */
    static void requireKey(String key, String itemId) {
        if (!Objects.equals(key, itemId)) {
            throw new InvalidRecordException(DlqRecord.Reason.KEY_MISMATCH,
                    "record key '" + key + "' does not match item_id '" + itemId + "'");
        }
    }
}
