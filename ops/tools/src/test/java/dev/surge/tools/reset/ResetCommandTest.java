package dev.surge.tools.reset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.SurgeConfig;
import dev.surge.tools.Prompt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exit codes and messages of what is decided before any Kafka answers. */
class ResetCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, boolean terminal, String... args) {
        Prompt prompt = new Prompt() {
            @Override
            public boolean interactive() {
                return terminal;
            }

            @Override
            public String readLine() {
                throw new AssertionError("nothing may be asked");
            }
        };
        return ResetCommand.run(List.of(args), SurgeConfig.load(env, Map.of()), prompt,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run(Map.of(), false, "help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: surge reset [--dry-run] [--force] [--yes]")
                .contains("Not touched: orders-dlq, events-dlq, metrics-daily, metrics-hourly");
        assertThat(run(Map.of(), false, "--help")).isZero();
    }

    @Test
    void anUnknownArgumentExits2WithTheReasonAndTheUsage() {
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), true, "--bogus")).isEqualTo(2);
        assertThat(err()).contains("surge reset: unknown option '--bogus' (reset [--dry-run] [--force] [--yes])")
                .contains("usage: surge reset");
        assertThat(ResetOptions.parse(List.of("--yes", "--dry-run"))).isEqualTo(new ResetOptions(true, true, false));
        assertThat(ResetOptions.parse(List.of("--force"))).isEqualTo(new ResetOptions(false, false, true));
        assertThat(ResetOptions.parse(List.of())).isEqualTo(new ResetOptions(false, false, false));
    }

    @Test
    void withoutABootstrapItSaysItNeedsARunningKafka() {
        assertThat(run(Map.of(), true, "--yes")).isEqualTo(2);
        assertThat(err()).contains("set KAFKA_BOOTSTRAP_SERVERS, e.g. KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 ./surge reset")
                .contains("./surge run prints its embedded broker's address")
                .doesNotContain("usage:");
    }

    @Test
    void withoutATerminalItNeedsYesAndSaysSoBeforeReachingKafka() {
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"), false)).isEqualTo(2);
        assertThat(err()).contains("stdin is not a terminal, so nobody can confirm: pass --yes");
    }

    @Test
    void anUnreachableKafkaIsAFailureNamingTheAddress() {
        // A dry run needs no terminal; nothing answers on port 1.
        int code = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "KAFKA_DEFAULT_API_TIMEOUT_MS", "1500",
                "KAFKA_REQUEST_TIMEOUT_MS", "1000"), false, "--dry-run");

        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("surge reset failed: ").contains("(is Kafka running at 127.0.0.1:1?)")
                .doesNotContain("incomplete");
    }

    @Test
    void anUnexpectedFailureExits1WithItsStackTrace() {
        Prompt broken = new Prompt() {
            @Override
            public boolean interactive() {
                throw new IllegalStateException("cannot tell");
            }

            @Override
            public String readLine() {
                throw new AssertionError("nothing may be asked");
            }
        };
        int code = ResetCommand.run(List.of(), SurgeConfig.load(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
                Map.of()), broken, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("surge reset: cannot tell\njava.lang.IllegalStateException: cannot tell")
                .doesNotContain("usage:");
    }
}
