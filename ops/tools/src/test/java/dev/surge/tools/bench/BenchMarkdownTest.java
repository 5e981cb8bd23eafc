package dev.surge.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchMarkdownTest {

    @Test
    void theFileHasTheMachineTheCommandEveryScenarioTheTargetsAndHowToReadThem(@TempDir Path dir) throws Exception {
        List<ScenarioResult> results = List.of(BenchTargetsTest.result("ingress", 8_000, 3, 30),
                BenchTargetsTest.result("baseline-http-produce", 10_000, 2, 20));
        Path file = dir.resolve("docs").resolve("benchmarks.md");
        BenchMarkdown.write(file, "surge bench all", Instant.parse("2026-12-05T10:00:00.123Z"), Machine.current(),
                results, Map.of("hot", "the topology did not start"),
                BenchTargets.evaluate(results, BenchArgs.parse(List.of("all")).options()));

        String md = Files.readString(file);
        assertThat(md).startsWith("# Benchmarks")
                .contains("`surge bench all`", "2026-12-05T10:00:00Z")
                .contains(Runtime.getRuntime().availableProcessors() + " cores")
                .contains("| ingress | 8,000 req/s |", "| baseline-http-produce | 10,000 req/s |")
                .contains("**hot failed:** the topology did not start")
                .contains("| ingress ÷ baseline-http-produce | 0.80× | ≥ 0.9× | missed | 8,000 / 10,000 |")
                .contains("## How to read this", "coordinated omission", "Open model", "Closed model");
        // Every table row has as many cells as its header.
        md.lines().filter(l -> l.startsWith("| ingress |") || l.startsWith("| scenario |"))
                .forEach(l -> assertThat(l.chars().filter(c -> c == '|').count())
                        .isEqualTo(BenchReport.RESULT_HEADER.size() + 1));
    }
}
