package dev.surge.tools.dlq;

import dev.surge.config.SurgeConfig;
import dev.surge.node.dlq.DlqBacklog;
import dev.surge.node.dlq.DlqClients;
import dev.surge.tools.Cli;
import dev.surge.tools.KafkaSettings;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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

    private final KafkaSettings kafka;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    DlqCommand() {
        this(KafkaSettings.fromEnvironment(), Clock.systemUTC(), System.out, System.err);
    }

    DlqCommand(KafkaSettings kafka, Clock clock, PrintStream out, PrintStream err) {
        this.kafka = kafka;
        this.clock = clock;
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
        return Cli.execute(Cli.args("dlq", args), out, err, new DlqCommand(KafkaSettings.of(config), clock, out, err));
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
        SurgeConfig config = kafka.config();
        String groupId = DlqBacklog.groupId(config.streams().applicationId());
        List<DlqTopic> topics = DlqTopic.select(config.topics(), options.topic());
        try (KafkaConsumer<byte[], byte[]> consumer = DlqClients.consumer(clientConfig, groupId)) {
            return switch (options.action()) {
                case LIST -> ListAction.run(consumer, topics, groupId, clock.instant(), out);
                case SHOW -> ShowAction.run(consumer, topics, options, clock.instant(), out);
                case REPLAY -> options.dryRun()
                        ? new ReplayAction(consumer, Optional.empty(), groupId, options.filter(), clock, out)
                                .run(topics)
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

    private int replay(KafkaConsumer<byte[], byte[]> consumer, Map<String, Object> clientConfig, String groupId,
                       List<DlqTopic> topics, DlqOptions options) {
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
}
