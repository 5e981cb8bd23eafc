package dev.surge.tools.acls;

import dev.surge.config.SurgeConfig;
import dev.surge.node.kafka.TopicSetup;
import dev.surge.schemas.Topics;
import dev.surge.tools.Cli;
import dev.surge.tools.KafkaSettings;
import dev.surge.tools.acls.Grant.Party;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code surge acls [--markdown | --apply]}: the Kafka ACLs each of Surge's principals needs
 * ({@link AclMatrix}), printed as {@code kafka-acls.sh} commands or a Markdown table, or created
 * (with Surge's topics) as the cluster's admin.
 */
@Command(name = "acls",
        description = {"The Kafka ACLs of Surge's three principals: ingress, processor, operator (surge dlq, reset).",
                "Prints them as kafka-acls.sh commands (default) or a Markdown table; --apply creates Surge's topics"
                        + " and the ACLs, run with the cluster admin's KAFKA_* client settings."},
        footer = "TOPIC_PREFIX and APPLICATION_ID as the processors have them; --apply also needs"
                + " KAFKA_BOOTSTRAP_SERVERS, TOPIC_PARTITIONS and TOPIC_REPLICATION_FACTOR.",
        exitCodeList = {"0:done", "1:a failure (said why)", "2:a usage error: a bad option or setting (said why)"})
public final class AclsCommand implements Callable<Integer> {

    @Option(names = "--ingress", paramLabel = "P", defaultValue = "User:surge-ingress",
            description = "the principal the ingress runs as (default: ${DEFAULT-VALUE})")
    String ingress;

    @Option(names = "--processor", paramLabel = "P", defaultValue = "User:surge-processor",
            description = "the principal the processors run as (default: ${DEFAULT-VALUE})")
    String processor;

    @Option(names = "--operator", paramLabel = "P", defaultValue = "User:surge-operator",
            description = "the principal surge dlq and surge reset run as (default: ${DEFAULT-VALUE})")
    String operator;

    @Option(names = "--markdown", arity = "0", description = "print a Markdown table instead of commands")
    boolean markdown;

    @Option(names = "--apply", arity = "0",
            description = "create Surge's missing topics and add the ACLs on KAFKA_BOOTSTRAP_SERVERS")
    boolean apply;

    private final KafkaSettings settings;
    private final PrintStream out;

    AclsCommand() {
        this(KafkaSettings.fromEnvironment(), System.out);
    }

    AclsCommand(KafkaSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs {@code surge acls <args>} and returns its exit code; never exits the JVM. */
    public static int run(List<String> args, SurgeConfig config, PrintStream out, PrintStream err) {
        return Cli.execute(Cli.args("acls", args), out, err, new AclsCommand(KafkaSettings.of(config), out));
    }

    @Override
    public Integer call() {
        Map<Party, String> principals = new EnumMap<>(Party.class);
        principals.put(Party.INGRESS, principal("--ingress", ingress));
        principals.put(Party.PROCESSOR, principal("--processor", processor));
        principals.put(Party.OPERATOR, principal("--operator", operator));
        if (markdown && apply) {
            throw new IllegalArgumentException("--markdown and --apply: choose one");
        }
        SurgeConfig config = settings.config();
        Topics topics = config.topics();
        String applicationId = config.streams().applicationId();
        List<Grant> grants = AclMatrix.grants(topics, applicationId);
        if (!apply) {
            AclText.print(grants, principals, markdown, out);
            return 0;
        }
        Map<String, Object> clientConfig = settings.clients("acls --apply", "creates topics and ACLs on");
        clientConfig.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "surge-acls");
        List<AclBinding> bindings = AclMatrix.bindings(topics, applicationId, principals);
        try (Admin admin = Admin.create(clientConfig)) {
            TopicSetup.ensureTopics(admin, TopicSetup.newTopics(topics, config.kafka().partitions(),
                    config.kafka().replicationFactor()));
            AclSetup.apply(admin, bindings);
        }
        out.println("topics " + String.join(", ", topics.all()) + " exist; " + bindings.size() + " ACLs added for "
                + String.join(", ", principals.values()) + " on "
                + clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        return 0;
    }

    private static String principal(String option, String value) {
        if (!value.matches("[A-Za-z]+:[^\\s;,]+")) {
            throw new IllegalArgumentException(option + " '" + value + "' must be a Kafka principal such as"
                    + " User:surge-ingress");
        }
        return value;
    }
}
