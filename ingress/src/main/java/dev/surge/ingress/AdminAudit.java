package dev.surge.ingress;

import dev.surge.schemas.AuditLog;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.Topic;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of the admin API: each action as a line on {@code surge.audit} and a record on
 * the {@code audit} topic, key {@code who}.
 */
final class AdminAudit {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAudit.class);

    private final RecordPublisher publisher;
    private final Topic<String, AuditRecord> topic;

    AdminAudit(RecordPublisher publisher, Topic<String, AuditRecord> topic) {
        this.publisher = publisher;
        this.topic = topic;
    }

    /**
     * An action Kafka accepted: logged, then published. A record the broker does not take does not
     * undo the action (it is done; a refusal would make the client retry it), so the log line,
     * written first and always, is then the trail's only copy, and a warning says so.
     */
    void done(AuditRecord record) {
        AuditLog.write(record);
        try {
            publisher.publish(topic.name(), record.who(), topic.valueSerde().serializer().serialize(topic.name(), record),
                    record.correlationId() == null ? Map.of()
                            : Map.of(KafkaHeaders.CORRELATION_ID, record.correlationId()));
        } catch (PublishFailedException e) {
            LOG.atWarn().addKeyValue("event", "audit.not_published").addKeyValue("audit_id", record.auditId())
                    .log("audit record {} not written to {} (the {} log line has it): {}", record.auditId(),
                            topic.name(), AuditLog.LOGGER, e.getMessage());
        }
    }

    /**
     * An action Kafka refused: logged only. The broker that just refused the command would most
     * likely refuse its audit record too, and the client waits for the answer meanwhile.
     */
    void failed(AuditRecord record, String error) {
        AuditLog.write(record.failed(error));
    }
}
