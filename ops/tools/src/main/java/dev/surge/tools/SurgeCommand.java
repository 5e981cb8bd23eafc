package dev.surge.tools;

import dev.surge.config.Role;
import dev.surge.config.SurgeConfig;
import dev.surge.local.EmbeddedKafka;
import dev.surge.local.demo.DemoCommand;
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
import picocli.CommandLine.Option;

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

    @Command(name = "demo", description = "Start Surge and play a flash sale against its HTTP API.")
    static final class Demo implements Callable<Integer> {

        @Option(names = "--exit", arity = "0", description = "stop after the summary (otherwise Surge keeps serving)")
        boolean exit;

        @Override
        public Integer call() throws Exception {
            return DemoCommand.run(exit);
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
