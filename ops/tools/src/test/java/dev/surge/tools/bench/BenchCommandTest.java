package dev.surge.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenchCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpDocumentsEveryScenarioAndOption(String help) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of(help), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        for (Scenario scenario : Scenarios.all()) {
            assertThat(text).contains("  " + scenario.name() + " ");
            assertThat(text.replaceAll("\\s+", " ")).contains(scenario.description());
        }
        assertThat(text).contains("--rate", "--concurrency", "--duration", "--warmup", "--items", "--orders", "--json",
                "--target", "--bootstrap-servers", "--redis", "--topic-prefix", "--smoke", "docs/benchmarks.md");
        assertThat(text.lines()).allMatch(line -> line.length() <= 120);
    }

    @Test
    void badOptionsThrowBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThatThrownBy(() -> BenchCommand.run(List.of("all", "--duration", "forever"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--duration");
        assertThat(err.size()).isZero();
    }
}
