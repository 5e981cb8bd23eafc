package dev.surge.tools;

import dev.surge.schemas.AuditLog;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.Topic;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The audit trail of the surge commands: who is {@code cli:<os user>} (there is no API key on a
 * command line), and each run has a correlation id of its own, printed so that an operator can
 * find its record. A record is logged on {@code surge.audit}, and written to the audit topic
 * when the command works on a Kafka.
 */
public final class CliAudit {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private final String who;
    private final String correlationId;
    private final Clock clock;

    public CliAudit(String who, String correlationId, Clock clock) {
        this.who = who;
        this.correlationId = correlationId;
        this.clock = clock;
    }

    /** The OS user running this JVM, and a new correlation id. */
    public static CliAudit forThisRun(Clock clock) {
        return new CliAudit("cli:" + System.getProperty("user.name", "unknown"), UUID.randomUUID().toString(), clock);
    }

    public String who() {
        return who;
    }

    public String correlationId() {
        return correlationId;
    }

    /** A record of an action done now by this run. */
    public AuditRecord done(AuditRecord.Action action, Map<String, String> target, Map<String, String> details) {
        return AuditRecord.of(clock.instant(), who, action, target, details, correlationId, AuditRecord.Outcome.DONE);
    }

    /** Logged only: for a command that works on no Kafka (keys create). */
    public void log(AuditRecord record) {
        AuditLog.write(record);
    }

    /**
     * Logged, then written to {@code topic} and waited for. The action is done whatever happens
     * here, so a record Kafka does not take is said on {@code err} and does not fail the command:
     * the log line is then its only copy.
     *
     * @param clients the command's Kafka client settings ({@link KafkaSettings#clients})
     */
    public void write(AuditRecord record, Map<String, Object> clients, Topic<String, AuditRecord> topic,
                      PrintStream err) {
        AuditLog.write(record);
        Map<String, Object> props = new HashMap<>(clients);
        props.remove(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "surge-cli-audit");
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, correlationId);
        try (KafkaProducer<String, AuditRecord> producer = new KafkaProducer<>(props, new StringSerializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), null, record.who(), record, headers)).get();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println("warning: the audit record " + record.auditId() + " was not written to " + topic.name() + " ("
                    + Cli.describe(e) + "); the " + AuditLog.LOGGER + " log line has it");
        }
    }
}
