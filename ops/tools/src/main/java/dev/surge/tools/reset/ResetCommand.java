package dev.surge.tools.reset;

import dev.surge.config.SurgeConfig;
import dev.surge.schemas.Topics;
import dev.surge.schemas.AuditRecord;
import dev.surge.tools.Cli;
import dev.surge.tools.CliAudit;
import dev.surge.tools.KafkaSettings;
import dev.surge.tools.Prompt;
import dev.surge.topology.StreamsProperties;
import dev.surge.topology.TopologySettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code surge reset [--dry-run] [--yes] [--force]}: wipes the topology's state so that the processors
 * rebuild it by reading their input topics again from the start. With every processor stopped,
 * it moves the consumer group APPLICATION_ID's offsets on the input topics to the earliest,
 * deletes the application's internal topics (changelogs and repartition topics) and this host's
 * state directory STATE_DIR/APPLICATION_ID. It never touches the DLQ topics, the DLQ group or the
 * metrics topics. Exit codes: 0 done, 2 a usage error or a reset over truncated input without
 * {@code --force} (said why), 1 a refusal or failure (said why). A reset done is audited.
 *
 * <p>Kafka's own {@code kafka-streams-application-reset} ({@code org.apache.kafka.tools.StreamsResetter})
 * does the Kafka half of this; it is not used because it is documented as no public API to call
 * from code, prints to {@code System.out} itself and knows only the classic group protocol. The
 * Admin client does the same in a few calls.
 */
@Command(name = "reset",
        description = {"Wipe the topology's state: the processors rebuild it from their input topics.",
                "Every processor must be stopped first: reset refuses while the consumer group APPLICATION_ID has"
                        + " members.",
                "  - the group's offsets on orders, inventory-commands, events, order-results go back to the earliest",
                "  - the application's internal topics (<APPLICATION_ID>-...-changelog, -repartition) are deleted",
                "  - this host's state directory STATE_DIR/<APPLICATION_ID> is deleted; other processor hosts:",
                "    delete theirs before starting them",
                "Not touched: orders-dlq, events-dlq, metrics-daily, metrics-hourly, audit, group <APPLICATION_ID>-dlq."},
        footer = "Needs KAFKA_BOOTSTRAP_SERVERS; APPLICATION_ID, TOPIC_PREFIX and STATE_DIR as the processors have"
                + " them.",
        exitCodeList = {"0:done", "1:a refusal or a failure (said why)",
                "2:a usage error: a bad option or setting, or input removed by retention without --force (said why)"})
public final class ResetCommand implements Callable<Integer> {

    private static final String CONFIRMATION = "reset";

    @Option(names = "--dry-run", arity = "0", description = "print what it would do and change nothing")
    boolean dryRun;

    @Option(names = "--yes", arity = "0",
            description = "do not ask; without it reset asks you to type \"reset\", which needs a terminal")
    boolean yes;

    @Option(names = "--force", arity = "0", description = "reset even though retention removed the input topics'"
            + " first records (without it reset refuses: the rebuilt stock could sell units twice)")
    boolean force;

    private final KafkaSettings settings;
    private final Prompt prompt;
    private final CliAudit audit = CliAudit.forThisRun(Clock.systemUTC());
    private final PrintStream out;
    private final PrintStream err;

    ResetCommand() {
        this(KafkaSettings.fromEnvironment(), Prompt.system(), System.out, System.err);
    }

    ResetCommand(KafkaSettings settings, Prompt prompt, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.prompt = prompt;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one invocation and returns its exit code; prints results to {@code out} and errors to
     * {@code err}, never exits the JVM. Asks for confirmation on stdin when it is a terminal.
     *
     * @param args the arguments after {@code reset}
     */
    public static int run(List<String> args, SurgeConfig config, PrintStream out, PrintStream err) {
        return run(args, config, Prompt.system(), out, err);
    }

    static int run(List<String> args, SurgeConfig config, Prompt prompt, PrintStream out, PrintStream err) {
        return Cli.execute(Cli.args("reset", args), out, err,
                new ResetCommand(KafkaSettings.of(config), prompt, out, err));
    }

    ResetOptions options() {
        return new ResetOptions(dryRun, yes, force);
    }

    @Override
    public Integer call() {
        ResetOptions options = options();
        Map<String, Object> clientConfig = settings.clients("reset", "changes the consumer group and topics of");
        clientConfig.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "surge-reset");
        SurgeConfig config = settings.config();
        if (!options.dryRun() && !options.yes() && !prompt.interactive()) {
            throw new IllegalArgumentException("stdin is not a terminal, so nobody can confirm: pass --yes to reset"
                    + " without asking (--dry-run shows what it would do)");
        }
        String bootstrap = (String) clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        // What the processors run with: STREAMS_APPLICATION_ID or STREAMS_STATE_DIR would win there too.
        Properties streams = StreamsProperties.from(TopologySettings.from(config), bootstrap);
        String applicationId = streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        LocalState local = new LocalState(Path.of(streams.getProperty(StreamsConfig.STATE_DIR_CONFIG)), applicationId);
        Topics topics = config.topics();

        Progress progress = new Progress();
        AuditRecord audited = null;
        try (Admin admin = Admin.create(clientConfig)) {
            ResetAdmin kafka = new ResetAdmin(admin);
            ApplicationGroup group = kafka.group(applicationId);
            Optional<String> refusal = group.refusal();
            if (refusal.isPresent()) {
                err.println("surge reset: " + refusal.get());
                return 1;
            }
            // Refuses while a processor on this host holds the directory; released at once.
            try (LocalState.Held ignored = local.lock(false)) {
                // only checking
            } catch (LocalState.LockedException e) {
                err.println("surge reset: " + e.getMessage());
                return 1;
            }
            ResetPlan plan = plan(kafka, group, applicationId, topics, local);
            if (!plan.missing().isEmpty()) {
                err.println("surge reset: input topic(s) " + String.join(", ", plan.missing()) + " do not exist on "
                        + bootstrap + ": is TOPIC_PREFIX right? (Surge creates its topics when it first starts)");
                return 1;
            }
            plan.print(bootstrap, topics, out);
            List<String> truncated = plan.truncated(topics);
            boolean refused = !truncated.isEmpty() && !options.force();
            if (options.dryRun()) {
                out.println("dry run: nothing changed" + (refused ? "; without --force reset refuses (see WARNING)" : ""));
                return 0;
            }
            if (refused) {
                err.println("surge reset: refusing: retention removed the first records of " + String.join(", ", truncated)
                        + ", and a rebuild without them can give sold units back (see WARNING above); restore the"
                        + " topics from a backup first, or pass --force");
                return 2;
            }
            if (!options.yes()) {
                out.print("Type " + CONFIRMATION + " to reset application " + applicationId + " on " + bootstrap
                        + " (anything else stops): ");
                out.flush();
                String answer = prompt.readLine();
                if (answer == null || !answer.strip().equals(CONFIRMATION)) {
                    out.println();
                    err.println("surge reset: not confirmed: nothing changed");
                    return 1;
                }
            }
            audited = audited(plan, options, truncated);
            int code = apply(kafka, plan, local, progress, out, err);
            if (code == 0) {
                audit.write(audited, clientConfig, topics.audit(), err);
                out.println("audited as " + audit.who() + ", correlation id " + audit.correlationId());
            }
            return code;
        } catch (RuntimeException e) {
            String hint = timedOut(e) ? " (is Kafka running at " + bootstrap + "?)" : "";
            err.println("surge reset failed: " + Cli.describe(e) + hint);
            if (progress.changed) {
                err.println("surge reset: the reset is incomplete; run it again to finish it (it is safe to repeat)");
                audit.write(audited.failed(Cli.describe(e)), clientConfig, topics.audit(), err);
            }
            return 1;
        }
    }

    private AuditRecord audited(ResetPlan plan, ResetOptions options, List<String> truncated) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("offsets_to_earliest", plan.group().exists()
                ? plan.inputs().stream().map(InputTopic::name).collect(Collectors.joining(",")) : "");
        details.put("internal_topics_deleted", String.join(",", plan.internal().delete()));
        details.put("local_state_deleted", plan.local().exists() ? plan.local().dir().toString() : "");
        details.put("forced", String.valueOf(options.force()));
        if (!truncated.isEmpty()) {
            details.put("truncated_inputs", String.join(",", truncated));
        }
        return audit.done(AuditRecord.Action.RESET, Map.of("group", plan.group().id()), details);
    }

    private static ResetPlan plan(ResetAdmin kafka, ApplicationGroup group, String applicationId, Topics topics,
                             LocalState local) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(topics.orders().name(), "");
        inputs.put(topics.inventoryCommands().name(), "");
        inputs.put(topics.orderCommands().name(), "");
        inputs.put(topics.events().name(), "");
        inputs.put(topics.orderResults().name(), "read back as the order-status table's changelog");
        Set<String> existing = kafka.topics();
        List<String> missing = inputs.keySet().stream().filter(t -> !existing.contains(t)).toList();
        if (!missing.isEmpty()) {
            return new ResetPlan(group, List.of(), Map.of(), new InternalTopics.Selection(List.of(), List.of()), local,
                    missing);
        }
        Map<TopicPartition, Long> committed = kafka.committed(group);
        List<String> otherGroups = kafka.groupIds().stream().filter(g -> !g.equals(applicationId)).toList();
        InternalTopics.Selection internal = InternalTopics.select(existing, applicationId, otherGroups);
        return new ResetPlan(group, kafka.inputs(inputs, committed), committed, internal, local, List.of());
    }

    private static int apply(ResetAdmin kafka, ResetPlan plan, LocalState local, Progress progress, PrintStream out,
                             PrintStream err) {
        // Held from here on: a processor starting on this host meanwhile fails instead of using the old state.
        LocalState.Held held;
        try {
            held = local.lock(true);
        } catch (LocalState.LockedException e) {
            err.println("surge reset: " + e.getMessage());
            return 1;
        }
        try {
            // Again: one may have started while the question waited.
            ApplicationGroup group = kafka.group(plan.group().id());
            Optional<String> refusal = group.refusal();
            if (refusal.isPresent()) {
                err.println("surge reset: " + refusal.get());
                return 1;
            }
            if (group.exists()) {
                progress.changed = true;
                kafka.resetOffsets(group, plan.inputs());
                int partitions = plan.inputs().stream().mapToInt(t -> t.partitions().size()).sum();
                out.println("reset the offsets of group " + group.id() + " on " + partitions + " partitions of "
                        + plan.inputs().stream().map(InputTopic::name).collect(Collectors.joining(", "))
                        + " to the earliest");
            }
            List<String> internal = plan.internal().delete();
            if (!internal.isEmpty()) {
                progress.changed = true;
                Set<TopicPartition> offsets = plan.committed().keySet().stream()
                        .filter(tp -> internal.contains(tp.topic())).collect(Collectors.toSet());
                if (group.exists()) {
                    kafka.deleteOffsets(group, offsets);
                }
                kafka.deleteTopics(internal);
                out.println("deleted " + internal.size() + " internal topic(s)"
                        + (offsets.isEmpty() ? "" : " and the group's offsets on them"));
            }
            if (local.exists()) {
                progress.changed = true;
                local.delete(held);
                held = null;
                out.println("deleted the local state directory " + local.dir());
            } else {
                out.println("no local state directory at " + local.dir() + ": nothing to delete on this host");
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
        out.println("done: start the processors; they rebuild state from the input topics");
        return 0;
    }

    /** Whether anything has been changed yet, for the message when a later step fails. */
    private static final class Progress {
        boolean changed;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
