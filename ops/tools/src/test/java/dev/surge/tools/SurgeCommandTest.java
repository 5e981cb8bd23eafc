package dev.surge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.surge.local.demo.DemoPace;
import dev.surge.schemas.AuditLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** What every command shares: help, version, exit codes and the wording of usage errors. */
class SurgeCommandTest {

    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int surge(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Cli.execute(List.of(args), stdout, new PrintStream(err, true, StandardCharsets.UTF_8),
                new KeysCommand(stdout));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(surge("help")).isZero();
        String help = out();
        assertThat(help).startsWith("usage: surge [COMMAND]")
                .contains("  run ", "  demo ", "  keys ", "  dlq ", "  reset ", "  bench ", "Exit codes:");
        assertThat(surge("--help")).isZero();
        assertThat(out()).isEqualTo(help);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "keys", "dlq", "reset", "bench"})
    void everyCommandHasItsHelpThreeWays(String command) {
        assertThat(surge(command, "--help")).isZero();
        String help = out();
        assertThat(help).startsWith("usage: surge " + command).contains("-h, --help").contains("Exit codes:");
        assertThat(help.lines()).allMatch(line -> line.length() <= UsageHelp.WIDTH);
        assertThat(surge(command, "help")).isZero();
        assertThat(out()).isEqualTo(help);
        assertThat(surge("help", command)).isZero();
        assertThat(out()).isEqualTo(help);
        assertThat(err()).isEmpty();
    }

    @Test
    void everyOptionIsDescribed() {
        List<CommandLine> commands = new ArrayList<>(List.of(Cli.parse(List.of(), System.out).commandSpec()
                .commandLine()));
        for (int i = 0; i < commands.size(); i++) {
            commands.get(i).getSubcommands().values().stream().distinct().forEach(commands::add);
        }
        for (CommandLine command : commands) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertThat(String.join("", option.description())).as(command.getCommandSpec().qualifiedName()
                        + " " + option.longestName()).isNotBlank();
            }
        }
    }

    @Test
    void everyCommandPrintsTheVersion() {
        assertThat(surge("--version")).isZero();
        assertThat(out()).startsWith("surge 0.1.0");
        String version = out();
        assertThat(surge("dlq", "--version")).isZero();
        assertThat(out()).isEqualTo(version);
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(surge("frobnicate")).isEqualTo(2);
        assertThat(err()).startsWith("surge: unknown command 'frobnicate' (run, demo, keys, dlq, reset, acls, bench)\n")
                .contains("usage: surge [COMMAND]");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpForAnUnknownCommandSaysWhichExist() {
        assertThat(surge("help", "frobnicate")).isEqualTo(2);
        assertThat(err()).startsWith("surge: unknown command 'frobnicate' (run, demo, keys, dlq, reset, acls, bench)\n");
        assertThat(surge("dlq", "help", "purge")).isEqualTo(2);
        assertThat(err()).startsWith("surge dlq: unknown dlq action 'purge' (list, show, replay)\n");
    }

    @Test
    void printsAShellCompletionScript() {
        assertThat(surge("generate-completion")).isZero();
        assertThat(out()).contains("complete -F _complete_surge").contains("dlq").contains("--scopes");
    }

    @Test
    void keysCreatePrintsAKeyAndItsEntry() {
        assertThat(surge("keys", "create", "--scopes", "ingest,read", "--id=shop-1")).isZero();
        assertThat(out()).contains("  surge_shop-1_").containsPattern("  shop-1:[0-9a-f]{64}:events,orders,read\n");
    }

    @Test
    void keysCreateIsAuditedOnTheAuditLoggerWithoutTheKey() {
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            assertThat(surge("keys", "create", "--scopes", "read,admin", "--id=ops-1")).isZero();
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list).singleElement().satisfies(line -> {
            Map<String, Object> fields = new HashMap<>();
            line.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
            assertThat(fields).containsEntry("action", "KEY_CREATED").containsEntry("outcome", "DONE")
                    .containsEntry("who", "cli:" + System.getProperty("user.name"))
                    .containsEntry("target", Map.of("key_id", "ops-1"))
                    .containsEntry("details", Map.of("scopes", "admin,read"));
            assertThat(fields.get("correlation_id")).asString().matches("[0-9a-f-]{36}");
            String key = out().lines().filter(l -> l.startsWith("  surge_")).findFirst().orElseThrow().strip();
            assertThat(line.getFormattedMessage() + fields).doesNotContain(key);
        });
    }

    @Test
    void keysUsageErrorsSayWhatIsMissing() {
        assertThat(surge("keys")).isEqualTo(2);
        assertThat(err()).startsWith("surge keys: which action? (create)\nusage: surge keys create [--id=ID] --scopes=");
        assertThat(surge("keys", "create")).isEqualTo(2);
        assertThat(err()).startsWith("surge keys: --scopes is required\n");
        assertThat(surge("keys", "create", "--scopes", "ingest", "--bogus")).isEqualTo(2);
        assertThat(err()).startsWith("surge keys: unknown option '--bogus' for keys create (keys create [--id=ID]");
        // A bad setting rather than a bad command line: no usage.
        assertThat(surge("keys", "create", "--scopes", "write", "--id", "k")).isEqualTo(2);
        assertThat(err()).isEqualTo("surge keys: key 'k': unknown scope 'write' (known: orders, events, ingest (both), read, all_orders, admin)\n");
    }

    @Test
    void optionsAreCheckedBeforeAnythingStarts() {
        assertThat(surge("run", "--role", "leader")).isEqualTo(2);
        assertThat(err()).startsWith("surge run: --role must be all, ingress or processor, was 'leader'\n");
        assertThat(surge("run", "extra")).isEqualTo(2);
        assertThat(err()).startsWith("surge run: unexpected argument 'extra' (run [--role=ROLE])\n");
        assertThat(surge("demo", "--exit=yes")).isEqualTo(2);
        assertThat(err()).startsWith("surge demo: --exit takes no value\n");
        assertThat(surge("demo", "--watch", "--fast")).isEqualTo(2);
        assertThat(err()).startsWith("surge demo: --watch and --fast exclude each other\n")
                .contains("usage: surge demo");
        assertThat(out()).isEmpty();
    }

    @Test
    void theDemoWatchesUnlessItExitsAndEitherPaceCanBeAskedFor() {
        assertThat(demoPace()).isEqualTo(DemoPace.WATCH);
        assertThat(demoPace("--exit")).isEqualTo(DemoPace.FAST);
        assertThat(demoPace("--exit", "--watch")).isEqualTo(DemoPace.WATCH);
        assertThat(demoPace("--fast")).isEqualTo(DemoPace.FAST);
        assertThat(demoPace("--watch")).isEqualTo(DemoPace.WATCH);
        assertThat(demoPace("--fast", "--exit")).isEqualTo(DemoPace.FAST);
    }

    @Test
    void theDemosHelpNamesBothPacesAndTheConsole() {
        assertThat(surge("demo", "--help")).isZero();
        assertThat(out()).contains("--exit", "--watch", "--fast", "console");
    }

    /** The pace {@code surge demo <args>} would play, without starting it. */
    private static DemoPace demoPace(String... args) {
        SurgeCommand.Demo demo = new SurgeCommand.Demo();
        new CommandLine(demo).parseArgs(args);
        return demo.pace();
    }
}
