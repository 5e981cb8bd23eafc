package dev.surge.tools.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.SurgeConfig;
import dev.surge.tools.Prompt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exit codes and messages of what fails before any Kafka is reached. */
class DlqCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return DlqCommand.run(List.of(args), SurgeConfig.load(env, Map.of()), Clock.systemUTC(), Prompt.noTerminal(),
                new PrintStream(out, true), new PrintStream(err, true));
    }


    @Test
    void helpPrintsTheUsage() {
        assertThat(run(Map.of(), "help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("surge dlq replay").contains("--dry-run");
    }

    @Test
    void aUsageErrorExits2WithTheReasonAndTheUsage() {
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), "show", "--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus' for dlq show")
                .contains("usage: surge dlq list");
        assertThat(run(Map.of(), "")).isEqualTo(2);
        assertThat(run(Map.of())).isEqualTo(2);
    }

    @Test
    void aReplayWithoutFilterOrAllIsAUsageErrorNamingTheOptions() {
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), "replay", "--yes")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("surge dlq: which records? give --reason,"
                + " --since or --correlation-id, or --all for every pending record").contains("surge dlq replay [--all] [--dry-run] [--yes]");
    }

    @Test
    void withoutATerminalAReplayNeedsYesAndSaysSoBeforeReachingKafka() {
        // Nothing answers on port 1: reaching Kafka would fail with exit 1, not 2.
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), "replay", "--all")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("surge dlq: stdin is not a terminal, so"
                + " nobody can confirm: pass --yes to replay without asking");
    }

    @Test
    void withoutABootstrapItSaysItNeedsARunningKafka() {
        assertThat(run(Map.of(), "list")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 ./surge dlq list")
                .contains("./surge run prints its embedded broker's address");
    }
}
