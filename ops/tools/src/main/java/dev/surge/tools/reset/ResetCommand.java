package dev.surge.tools.reset;

import dev.surge.config.SurgeConfig;
import dev.surge.node.dlq.DlqBacklog;
import dev.surge.node.kafka.CommandClients;
import dev.surge.schemas.Topics;
import dev.surge.topology.StreamsProperties;
import dev.surge.topology.TopologySettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code surge reset [--dry-run] [--yes]}: wipes the topology's state so that the processors
 * rebuild it by reading their input topics again from the start. With every processor stopped,
 * it moves the consumer group APPLICATION_ID's offsets on the input topics to the earliest,
 * deletes the application's internal topics (changelogs and repartition topics) and this host's
 * state directory STATE_DIR/APPLICATION_ID. It never touches the DLQ topics, the DLQ group or the
 * metrics topics. Exit codes: 0 done, 2 a usage error (said why), 1 a refusal or failure (said why).
 *
 * <p>Kafka's own {@code kafka-streams-application-reset} ({@code org.apache.kafka.tools.StreamsResetter})
 * does the Kafka half of this; it is not used because it is documented as no public API to call
 * from code, prints to {@code System.out} itself and knows only the classic group protocol. The
 * Admin client does the same in a few calls.
 */
public final class ResetCommand {

    static final String USAGE = """
            usage: surge reset [--dry-run] [--yes]

              Wipes the topology's state; the processors rebuild it from their input topics when they
              start again. Every processor must be stopped first: reset refuses while the consumer
              group APPLICATION_ID has members.
                - the group's offsets on orders, inventory-commands, events and order-results go back
                  to the earliest offset
                - the application's internal topics (<APPLICATION_ID>-...-changelog, -repartition)
                  are deleted
                - this host's state directory STATE_DIR/<APPLICATION_ID> is deleted (other processor
                  hosts: delete theirs before starting them)
              Not touched: orders-dlq, events-dlq, metrics-daily, metrics-hourly, group <APPLICATION_ID>-dlq.
              --dry-run  print what it would do and change nothing
              --yes      do not ask; without it reset asks you to type "reset", which needs a terminal
            Needs KAFKA_BOOTSTRAP_SERVERS; APPLICATION_ID, TOPIC_PREFIX and STATE_DIR as the processors have them.
            """;

    private static final Set<String> HELP = Set.of("help", "-h", "--help");
    private static final String CONFIRMATION = "reset";

    private ResetCommand() {
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
        if (args.size() == 1 && HELP.contains(args.getFirst())) {
            out.print(USAGE);
            return 0;
        }
        ResetOptions options;
        Map<String, Object> clientConfig;
        try {
            options = ResetOptions.parse(args);
            clientConfig = clientConfig(config);
        } catch (IllegalArgumentException e) {
            err.println("surge reset: " + e.getMessage());
            if (e.getMessage().startsWith("unknown option")) {
                err.print(USAGE);
            }
            return 2;
        }
        if (!options.dryRun() && !options.yes() && !prompt.interactive()) {
            err.println("surge reset: stdin is not a terminal, so nobody can confirm: pass --yes to reset without"
                    + " asking (--dry-run shows what it would do)");
            return 2;
        }
        String bootstrap = (String) clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        // What the processors run with: STREAMS_APPLICATION_ID or STREAMS_STATE_DIR would win there too.
        Properties streams = StreamsProperties.from(TopologySettings.from(config), bootstrap);
        String applicationId = streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        LocalState local = new LocalState(Path.of(streams.getProperty(StreamsConfig.STATE_DIR_CONFIG)), applicationId);
        Topics topics = config.topics();

        Progress progress = new Progress();
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
            Plan plan = plan(kafka, group, applicationId, topics, local);
            if (!plan.missing().isEmpty()) {
                err.println("surge reset: input topic(s) " + String.join(", ", plan.missing()) + " do not exist on "
                        + bootstrap + ": is TOPIC_PREFIX right? (Surge creates its topics when it first starts)");
                return 1;
            }
            plan.print(bootstrap, topics, out);
            if (options.dryRun()) {
                out.println("dry run: nothing changed");
                return 0;
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
            return apply(kafka, plan, local, progress, out, err);
        } catch (RuntimeException e) {
            String hint = timedOut(e) ? " (is Kafka running at " + bootstrap + "?)" : "";
            err.println("surge reset failed: " + describe(e) + hint);
            if (progress.changed) {
                err.println("surge reset: the reset is incomplete; run it again to finish it (it is safe to repeat)");
            }
            return 1;
        }
    }

    static Map<String, Object> clientConfig(SurgeConfig config) {
        Map<String, Object> props = CommandClients.base(config, "reset", "changes the consumer group and topics of");
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "surge-reset");
        return props;
    }

    private static Plan plan(ResetAdmin kafka, ApplicationGroup group, String applicationId, Topics topics,
                             LocalState local) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(topics.orders().name(), "");
        inputs.put(topics.inventoryCommands().name(), "");
        inputs.put(topics.events().name(), "");
        inputs.put(topics.orderResults().name(), "read back as the order-status table's changelog");
        Set<String> existing = kafka.topics();
        List<String> missing = inputs.keySet().stream().filter(t -> !existing.contains(t)).toList();
        if (!missing.isEmpty()) {
            return new Plan(group, List.of(), Map.of(), new InternalTopics.Selection(List.of(), List.of()), local,
                    missing);
        }
        Map<TopicPartition, Long> committed = kafka.committed(group);
        List<String> otherGroups = kafka.groupIds().stream().filter(g -> !g.equals(applicationId)).toList();
        InternalTopics.Selection internal = InternalTopics.select(existing, applicationId, otherGroups);
        return new Plan(group, kafka.inputs(inputs, committed), committed, internal, local, List.of());
    }

    private static int apply(ResetAdmin kafka, Plan plan, LocalState local, Progress progress, PrintStream out,
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

    /** What reset would do, read before doing any of it. */
    record Plan(ApplicationGroup group, List<InputTopic> inputs, Map<TopicPartition, Long> committed,
                InternalTopics.Selection internal, LocalState local, List<String> missing) {

        void print(String bootstrap, Topics topics, PrintStream out) {
            out.println("reset of application " + group.id() + " on " + bootstrap + ", " + group.describe());
            if (group.exists()) {
                out.println("  offsets of the group → earliest:");
                int width = inputs.stream().mapToInt(t -> t.name().length()).max().orElse(0);
                inputs.forEach(topic -> out.println("    " + topic.line(width)));
            } else {
                out.println("  offsets: none to reset; the processors start from the earliest offsets anyway");
            }
            if (internal.delete().isEmpty()) {
                out.println("  internal topics: none to delete");
            } else {
                out.println("  internal topics to delete (" + internal.delete().size() + "):");
                internal.delete().forEach(t -> out.println("    " + t));
            }
            if (!internal.othersTopics().isEmpty()) {
                out.println("  left alone, another application's: " + String.join(", ", internal.othersTopics()));
            }
            out.println(local.exists()
                    ? "  local state directory to delete: " + local.dir()
                    : "  local state directory: none at " + local.dir() + " (nothing to delete on this host)");
            out.println("  other processor hosts: delete STATE_DIR/" + group.id() + " on each before starting it."
                    + " Kafka Streams\n    does not notice a reset by itself: it rebuilds a task only when its local"
                    + " state is ahead of\n    the changelog, and a task whose new changelog is still empty keeps its"
                    + " old state (its stock,\n    its seen orders), which the orders read again are then decided"
                    + " against");
            out.println("  not touched: " + topics.ordersDlq().name() + ", " + topics.eventsDlq().name() + ", "
                    + topics.metricsDaily().name() + ", " + topics.metricsHourly().name() + ", group "
                    + DlqBacklog.groupId(group.id()));
            List<String> truncated = new ArrayList<>();
            inputs.stream().filter(t -> !t.name().equals(topics.orderResults().name()))
                    .forEach(t -> truncated.addAll(t.truncated()));
            if (!truncated.isEmpty()) {
                out.println("  WARNING: the input no longer starts at offset 0 on " + String.join(", ", truncated)
                        + ":\n    retention removed the first records, and state rebuilt without them differs from"
                        + " today's\n    (stock, order decisions, metrics)");
            }
            out.println("  afterwards downstream consumers see results again: " + topics.orderResults().name()
                    + " gets every order's result again,\n  " + topics.metricsDaily().name() + " and "
                    + topics.metricsHourly().name() + " every row again (counting up from zero as the events are"
                    + " read again),\n  " + topics.ordersDlq().name() + " and " + topics.eventsDlq().name()
                    + " every bad record again (pending for " + DlqBacklog.groupId(group.id()) + ")");
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
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
