package dev.surge.tools;

import dev.surge.config.Role;
import dev.surge.config.SurgeConfig;
import dev.surge.local.EmbeddedKafka;
import dev.surge.local.demo.DemoCommand;
import dev.surge.local.demo.DemoPace;
import dev.surge.node.Serving;
import dev.surge.tools.acls.AclsCommand;
import dev.surge.tools.bench.BenchCommand;
import dev.surge.tools.dlq.DlqCommand;
import dev.surge.tools.reset.ResetCommand;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code surge}: the commands of surge.jar. Without one it runs Surge, as {@code surge run} does:
 * the container image starts it that way. {@link Cli} parses and runs it.
 */
@Command(name = "surge",
        mixinStandardHelpOptions = true,
        versionProvider = SurgeCommand.Version.class,
        description = "Surge: a flash-sale order system on Kafka Streams.",
        subcommands = {SurgeCommand.Run.class, SurgeCommand.Demo.class, KeysCommand.class, DlqCommand.class,
                ResetCommand.class, AclsCommand.class, BenchCommand.class, HelpCommand.class, SurgeCommand.Completion.class},
        footer = "Without a command it runs Surge (surge run). Settings come from environment variables or a"
                + " properties file named by SURGE_CONFIG; see README.md. surge help <command>, or"
                + " surge <command> --help: a command's options.")
public final class SurgeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    @Command(name = "run", description = "Start Surge: an embedded Kafka broker unless KAFKA_BOOTSTRAP_SERVERS is set.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--role", paramLabel = "ROLE", converter = RoleConverter.class,
                description = "all, ingress or processor (wins over ROLE in the environment)")
        Role role;

        @Override
        public Integer call() throws Exception {
            // On this machine only unless HTTP_HOST says otherwise (the image sets 0.0.0.0).
            SurgeConfig config = SurgeConfig.fromEnvironment(Map.of("HTTP_HOST", "127.0.0.1"));
            if (role != null) {
                config = config.withRole(role);
            }
            Serving.run(config, EmbeddedKafka.FOR_NODE, System.out);
            return 0;
        }
    }

    @Command(name = "demo", description = "Start Surge and play a flash sale against its HTTP API. It prints"
            + " the console's URL first; at watch pace the sale starts 5 s later and lasts about 2.5 minutes"
            + " (orders at 60/s, restocks every 30 s, events alongside); fast, the orders go out in about 20 s.")
    static final class Demo implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--exit", arity = "0", description = "stop after the summary (otherwise Surge keeps serving);"
                + " the exit code says whether every check held. Fast unless --watch")
        boolean exit;

        @Option(names = "--watch", arity = "0", description = "a pace a person can follow in the console"
                + " (the default without --exit)")
        boolean watch;

        @Option(names = "--fast", arity = "0", description = "the sale as fast as the machine goes (the default"
                + " with --exit)")
        boolean fast;

        /** The pace the options ask for; both --watch and --fast is a usage error. */
        DemoPace pace() {
            try {
                return DemoPace.choose(exit, watch, fast);
            } catch (IllegalArgumentException e) {
                throw Cli.usageError(spec, e.getMessage());
            }
        }

        @Override
        public Integer call() throws Exception {
            return DemoCommand.run(exit, pace());
        }
    }

    /** Picocli's bash/zsh completion script ({@code source <(surge generate-completion)}), not listed. */
    @Command(name = "generate-completion", hidden = true)
    static final class Completion extends AutoComplete.GenerateCompletion {
    }

    /** Role's own parser: its message names the accepted values. */
    static final class RoleConverter implements ITypeConverter<Role> {
        @Override
        public Role convert(String text) {
            return Converters.convert(text, Role::parse);
        }
    }

    /** The version surge.jar's manifest names (Implementation-Version); 0.1.0 outside the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(SurgeCommand.class.getPackage().getImplementationVersion())
                    .orElse("0.1.0");
            return new String[] {"surge " + version};
        }
    }
}
