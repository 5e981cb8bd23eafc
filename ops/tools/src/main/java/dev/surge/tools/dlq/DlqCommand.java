package dev.surge.tools.dlq;

import dev.surge.config.SurgeConfig;
import dev.surge.node.dlq.DlqBacklog;
import dev.surge.node.dlq.DlqClients;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * {@code surge dlq list|show|replay}: the dead-letter topics of a running Surge, read and replayed
 * through the DLQ consumer group {@code <APPLICATION_ID>-dlq}, whose committed offsets say what
 * has been handled. Exit codes: 0 done, 2 a usage error (said why), 1 a failure (said why).
 */
public final class DlqCommand {

    static final String USAGE = """
            usage: surge dlq list   [--topic orders-dlq|events-dlq]
                   surge dlq show   [--topic T] [--reason R] [--since TIME|AGO] [--correlation-id ID] [--limit N] [--all]
                   surge dlq replay [--topic T] [--reason R] [--since TIME|AGO] [--correlation-id ID] [--dry-run]

              list     per DLQ topic and reason: records pending and in all, the oldest pending one's age
              show     the matching pending records, oldest first (--all: handled ones too; --limit, default 20)
              replay   each matching pending record to its source topic (original key, value, headers, plus
                       replayed_from and replayed_at), then marks it handled; --dry-run only lists them
              --reason INVALID_JSON|SCHEMA_VIOLATION|KEY_MISMATCH|WRONG_PARTITION|PROCESSING_ERROR|LATE
              --since  2026-11-21T10:00:00Z, or back from now: 30m, 1h, 7d (by failed_at)
            Pending = not yet handled by replay (consumer group <APPLICATION_ID>-dlq). Records a filter
            does not match stay pending. Needs KAFKA_BOOTSTRAP_SERVERS; TOPIC_PREFIX is applied.
            """;

    private static final Set<String> HELP = Set.of("help", "-h", "--help");

    private DlqCommand() {
    }

    /**
     * Runs one invocation and returns its exit code; prints results to {@code out} and errors to
     * {@code err}, never exits the JVM.
     *
     * @param args the arguments after {@code dlq}
     */
    public static int run(List<String> args, SurgeConfig config, PrintStream out, PrintStream err) {
        return run(args, config, Clock.systemUTC(), out, err);
    }

    static int run(List<String> args, SurgeConfig config, Clock clock, PrintStream out, PrintStream err) {
        if (args.size() == 1 && HELP.contains(args.getFirst())) {
            out.print(USAGE);
            return 0;
        }
        DlqOptions options;
        try {
            options = DlqOptions.parse(args, clock.instant());
        } catch (IllegalArgumentException e) {
            err.println("surge dlq: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Map<String, Object> clientConfig;
        try {
            clientConfig = DlqClients.base(config);
        } catch (IllegalArgumentException e) {
            err.println("surge dlq: " + e.getMessage());
            return 2;
        }
        String groupId = DlqBacklog.groupId(config.streams().applicationId());
        List<DlqTopic> topics = DlqTopic.select(config.topics(), options.topic());
        try (KafkaConsumer<byte[], byte[]> consumer = DlqClients.consumer(clientConfig, groupId)) {
            return switch (options.action()) {
                case LIST -> ListAction.run(consumer, topics, groupId, clock.instant(), out);
                case SHOW -> ShowAction.run(consumer, topics, options, clock.instant(), out);
                case REPLAY -> options.dryRun()
                        ? new ReplayAction(consumer, Optional.empty(), groupId, options.filter(), clock, out).run(topics)
                        : replay(consumer, clientConfig, groupId, topics, options, clock, out);
            };
        } catch (RuntimeException e) {
            String hint = e instanceof TimeoutException
                    ? " (is Kafka running at " + clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + "?)" : "";
            err.println("surge dlq " + options.action().name().toLowerCase(Locale.ROOT) + " failed: "
                    + describe(e) + hint);
            return 1;
        }
    }

    private static int replay(KafkaConsumer<byte[], byte[]> consumer, Map<String, Object> clientConfig,
                              String groupId, List<DlqTopic> topics, DlqOptions options, Clock clock, PrintStream out) {
        KafkaProducer<byte[], byte[]> producer = ReplayProducer.create(clientConfig, groupId);
        try {
            // First: this fences an earlier replay still running and completes its transaction,
            // so the offsets read next are final.
            producer.initTransactions();
            return new ReplayAction(consumer, Optional.of(producer), groupId, options.filter(), clock, out).run(topics);
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** The message and its causes' messages: Kafka's exceptions often say what happened one level down. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}
