package dev.surge.schemas;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The audit trail's log half: one structured line per {@link AuditRecord} on the logger
 * {@code surge.audit}. The name is outside {@code dev.surge} on purpose: LOG_LEVEL, which sets
 * {@code dev.surge}, cannot silence it (logback-levels.xml pins it at INFO).
 */
public final class AuditLog {

    public static final String LOGGER = "surge.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AuditLog() {
    }

    public static void write(AuditRecord record) {
        LOG.atLevel(record.outcome() == AuditRecord.Outcome.DONE ? Level.INFO : Level.WARN)
                .addKeyValue("event", "audit")
                .addKeyValue("audit_id", record.auditId())
                .addKeyValue("at", record.at().toString())
                .addKeyValue("who", record.who())
                .addKeyValue("action", record.action().name())
                .addKeyValue("target", record.target())
                .addKeyValue("details", record.details())
                .addKeyValue("correlation_id", record.correlationId())
                .addKeyValue("outcome", record.outcome().name())
                .log("{} by {}: {}", record.action(), record.who(), record.outcome());
    }
}
