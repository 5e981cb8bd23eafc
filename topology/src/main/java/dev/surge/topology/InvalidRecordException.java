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
}
