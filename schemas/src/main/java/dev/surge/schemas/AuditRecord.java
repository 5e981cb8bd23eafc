package dev.surge.schemas;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Mirrors schemas/audit-record.schema.json: who did one privileged action, what, to what and when.
 * Topic {@code audit}, key {@code who}. Target and details are text maps: an audit trail is read
 * by people and grep, and a fixed shape per action would need a schema per action.
 */
public record AuditRecord(String auditId, Instant at, String who, Action action, Map<String, String> target,
                          Map<String, String> details, String correlationId, Outcome outcome) {

    public enum Action { STOCK_SET, RESTOCK, DLQ_REPLAY, RESET, KEY_CREATED }

    public enum Outcome { DONE, FAILED }

    public AuditRecord {
        // In the order given: the log line and the record read as they were written.
        target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A new record with its own id. */
    public static AuditRecord of(Instant at, String who, Action action, Map<String, String> target,
                                 Map<String, String> details, String correlationId, Outcome outcome) {
        return new AuditRecord(UUID.randomUUID().toString(), at, who, action, target, details, correlationId, outcome);
    }

    /** The same action, failed: {@code details.error} says why. */
    public AuditRecord failed(String error) {
        Map<String, String> withError = new LinkedHashMap<>(details);
        withError.put("error", error);
        return new AuditRecord(auditId, at, who, action, target, withError, correlationId, Outcome.FAILED);
    }
}
