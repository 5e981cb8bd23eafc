package dev.surge.topology;

import dev.surge.schemas.DlqRecord;

/**
 * Thrown by a processor for a record it refuses. {@link DeadLetterHandler} turns it into a DLQ
 * record with this reason; the stream goes on. No stack trace: the reason says it all.
 */
public final class InvalidRecordException extends RuntimeException {

    private final DlqRecord.Reason reason;

    public InvalidRecordException(DlqRecord.Reason reason, String error) {
        super(error, null, false, false);
        this.reason = reason;
    }

    public DlqRecord.Reason reason() {
        return reason;
    }

    /** The DLQ reason of any failure of a processor: its own when refused, else PROCESSING_ERROR. */
    public static DlqRecord.Reason reasonOf(Throwable failure) {
        return failure instanceof InvalidRecordException invalid ? invalid.reason() : DlqRecord.Reason.PROCESSING_ERROR;
    }
}
