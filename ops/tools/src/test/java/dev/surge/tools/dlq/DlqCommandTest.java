package dev.surge.tools.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.SurgeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exit codes and messages of what fails before any Kafka is reached. */
class DlqCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return DlqCommand.run(List.of(args), SurgeConfig.load(env, Map.of()), new PrintStream(out, true),
                new PrintStream(err, true));
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
    void withoutABootstrapItSaysItNeedsARunningKafka() {
        assertThat(run(Map.of(), "list")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 ./surge dlq list")
                .contains("./surge run prints its embedded broker's address");
    }
}
