package dev.surge.tools.dlq;

import dev.surge.config.SurgeConfig;
import dev.surge.node.dlq.DlqBacklog;
import dev.surge.node.dlq.DlqClients;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.Topic;
import dev.surge.tools.Cli;
import dev.surge.tools.CliAudit;
import dev.surge.tools.KafkaSettings;
import dev.surge.tools.Prompt;
import dev.surge.tools.dlq.DlqOptions.Action;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code surge dlq list|show|replay}: the dead-letter topics of a running Surge, read and replayed
 * through the DLQ consumer group {@code <APPLICATION_ID>-dlq}, whose committed offsets say what
 * has been handled. The actions and their options are in {@link DlqActions}.
 */
@Command(name = "dlq",
        description = "Read and replay the dead-letter topics of a running Surge.",
        subcommands = {DlqActions.ListCommand.class, DlqActions.ShowCommand.class, DlqActions.ReplayCommand.class},
        footer = {"Pending = not yet handled by replay (consumer group <APPLICATION_ID>-dlq). Records a filter does"
                + " not match stay pending. Needs KAFKA_BOOTSTRAP_SERVERS; TOPIC_PREFIX is applied.",
                "surge dlq <action> --help: the action's options."})
public final class DlqCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private static final String CONFIRMATION = "replay";

    private final KafkaSettings kafka;
    private final Clock clock;
    private final Prompt prompt;
    private final CliAudit audit;
    private final PrintStream out;
    private final PrintStream err;

    DlqCommand() {
        this(KafkaSettings.fromEnvironment(), Clock.systemUTC(), Prompt.system(), System.out, System.err);
    }

    DlqCommand(KafkaSettings kafka, Clock clock, Prompt prompt, PrintStream out, PrintStream err) {
        this.kafka = kafka;
        this.clock = clock;
        this.prompt = prompt;
        this.audit = CliAudit.forThisRun(clock);
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one invocation and returns its exit code (0 done, 1 a failure, 2 a usage error; the
     * reason said on {@code err}); prints results to {@code out}, never exits the JVM.
     *
     * @param args the arguments after {@code dlq}
     */
    public static int run(List<String> args, SurgeConfig config, PrintStream out, PrintStream err) {
        return run(args, config, Clock.systemUTC(), out, err);
    }

    static int run(List<String> args, SurgeConfig config, Clock clock, PrintStream out, PrintStream err) {
        return run(args, config, clock, Prompt.system(), out, err);
    }

    /** @param prompt where a replay's confirmation comes from */
    public static int run(List<String> args, SurgeConfig config, Clock clock, Prompt prompt, PrintStream out,
                          PrintStream err) {
        return Cli.execute(Cli.args("dlq", args), out, err,
                new DlqCommand(KafkaSettings.of(config), clock, prompt, out, err));
    }

    @Override
    public Integer call() {
        throw Cli.missingAction(spec);
    }

    Instant now() {
        return clock.instant();
    }

    /** Runs an action on the parsed options: what fails on the way is said on {@code err} (exit code 1). */
    int execute(DlqOptions options) {
        Map<String, Object> clientConfig = kafka.clients("dlq list", "reads the DLQ topics of");
        if (options.action() == Action.REPLAY && !options.dryRun() && !options.yes() && !prompt.interactive()) {
            throw new IllegalArgumentException("stdin is not a terminal, so nobody can confirm: pass --yes to replay"
                    + " without asking (--dry-run shows what it would replay)");
        }
        SurgeConfig config = kafka.config();
        String groupId = DlqBacklog.groupId(config.streams().applicationId());
        List<DlqTopic> topics = DlqTopic.select(config.topics(), options.topic());
        try (KafkaConsumer<byte[], byte[]> consumer = DlqClients.consumer(clientConfig, groupId)) {
            return switch (options.action()) {
                case LIST -> ListAction.run(consumer, topics, groupId, clock.instant(), out);
                case SHOW -> ShowAction.run(consumer, topics, options, clock.instant(), out);
                case REPLAY -> options.dryRun()
                        ? dryRun(consumer, groupId, topics, options)
                        : replay(consumer, clientConfig, groupId, topics, options);
            };
        } catch (RuntimeException e) {
            String hint = e instanceof TimeoutException ? " (is Kafka running at "
                    + clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + "?)" : "";
            err.println("surge dlq " + options.action().name().toLowerCase(Locale.ROOT) + " failed: "
                    + Cli.describe(e) + hint);
            return 1;
        }
    }

    private int dryRun(KafkaConsumer<byte[], byte[]> consumer, String groupId, List<DlqTopic> topics,
                       DlqOptions options) {
        new ReplayAction(consumer, Optional.empty(), groupId, options.filter(), clock, out).run(topics);
        return 0;
    }

    private int replay(KafkaConsumer<byte[], byte[]> consumer, Map<String, Object> clientConfig, String groupId,
                       List<DlqTopic> topics, DlqOptions options) {
        if (!options.yes() && !confirmed(consumer, groupId, topics, options)) {
            return 1;
        }
        Topic<String, AuditRecord> auditTopic = kafka.config().topics().audit();
        KafkaProducer<byte[], byte[]> producer = ReplayProducer.create(clientConfig, groupId);
        List<TopicReplay> done;
        try {
            // First: this fences an earlier replay still running and completes its transaction,
            // so the offsets read next are final.
            producer.initTransactions();
            done = new ReplayAction(consumer, Optional.of(producer), groupId, options.filter(), clock, out).run(topics);
        } catch (RuntimeException e) {
            for (DlqTopic topic : topics) {
                audit.write(audited(topic.name(), groupId, options, Map.of()).failed(Cli.describe(e)), clientConfig,
                        auditTopic, err);
            }
            throw e;
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
        for (TopicReplay topic : done) {
            Map<String, String> counts = new LinkedHashMap<>();
            counts.put("replayed", String.valueOf(topic.replayed()));
            counts.put("replayed_to", topic.destinations());
            counts.put("left_pending", String.valueOf(topic.leftPending()));
            counts.put("offsets", topic.offsets());
            audit.write(audited(topic.topic(), groupId, options, counts), clientConfig, auditTopic, err);
        }
        out.println("audited as " + audit.who() + ", correlation id " + audit.correlationId());
        return 0;
    }

    private AuditRecord audited(String dlqTopic, String groupId, DlqOptions options, Map<String, String> counts) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("filter", options.all() ? "--all" : options.filter().describe());
        details.putAll(counts);
        return audit.done(AuditRecord.Action.DLQ_REPLAY, Map.of("topic", dlqTopic, "group", groupId), details);
    }

    /**
     * Shows what the replay would do (a dry run) and asks; true when the person typed
     * {@value #CONFIRMATION}. Nothing to replay needs no question, and the replay that follows
     * finds nothing either.
     */
    private boolean confirmed(KafkaConsumer<byte[], byte[]> consumer, String groupId, List<DlqTopic> topics,
                              DlqOptions options) {
        List<TopicReplay> plan = new ReplayAction(consumer, Optional.empty(), groupId, options.filter(), clock, out)
                .run(topics);
        long total = plan.stream().mapToLong(TopicReplay::replayed).sum();
        if (total == 0) {
            return true;
        }
        String where = plan.stream().filter(t -> t.replayed() > 0)
                .map(t -> t.replayed() + " from " + t.topic() + " to " + t.destinations())
                .collect(Collectors.joining("; "));
        out.print("Type " + CONFIRMATION + " to replay " + total + " record(s) (" + where + ") and mark them handled"
                + " in group " + groupId + " (anything else stops): ");
        out.flush();
        String answer = prompt.readLine();
        if (answer == null || !answer.strip().equals(CONFIRMATION)) {
            out.println();
            err.println("surge dlq replay: not confirmed: nothing replayed");
            return false;
        }
        return true;
    }
}
