package dev.surge.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.surge.tools.bench.ScenarioResult.Invariants;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static ScenarioResult ingress() {
        Histogram latency = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            latency.recordValue(i * 100L); // 0.1 .. 100 ms
        }
        return new ScenarioResult("ingress", "req/s", 82_000, 10, Optional.of(latency),
                Map.of("timeout", 2L, "http 503", 5L), Optional.of(new Invariants(0, 1, 0)), "closed 64");
    }

    @Test
    void aRowHasThroughputPercentilesErrorsAndInvariants() {
        List<String> cells = BenchReport.cells(ingress());
        assertThat(cells).hasSameSizeAs(BenchReport.RESULT_HEADER);
        assertThat(cells.get(0)).isEqualTo("ingress");
        assertThat(cells.get(1)).isEqualTo("8,200 req/s");
        double[] expectedMs = {50, 90, 99, 99.9, 100};
        for (int i = 0; i < expectedMs.length; i++) {
            assertThat(Double.parseDouble(cells.get(2 + i))).isCloseTo(expectedMs[i], within(0.2));
        }
        assertThat(cells.get(7)).isEqualTo("http 503 ×5, timeout ×2");
        assertThat(cells.get(8)).isEqualTo("0/1/0");
        assertThat(cells.get(9)).isEqualTo("closed 64");
    }

    @Test
    void whatAScenarioDoesNotMeasureIsADash() {
        List<String> cells = BenchReport.cells(new ScenarioResult("baseline-kafka", "orders/s", 900_000, 10,
                Optional.empty(), Map.of(), Optional.empty(), "300,000 orders"));
        assertThat(cells.subList(2, 9)).containsOnly("-");
    }

    @Test
    void millisecondsKeepTwoDecimalsBelowTen() {
        assertThat(BenchReport.ms(420)).isEqualTo("0.42");
        assertThat(BenchReport.ms(9_994)).isEqualTo("9.99");
        assertThat(BenchReport.ms(12_345)).isEqualTo("12.3");
    }

    @Test
    void tablesAlignTheirColumnsAndNameFailures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        BenchReport.print(out, List.of(ingress()), Map.of("hot", "WIP"),
                BenchTargets.evaluate(List.of(ingress()), BenchArgs.parse(List.of("all")).options()));
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        String header = lines.stream().filter(l -> l.contains("scenario") && l.contains("p99.9")).findFirst()
                .orElseThrow();
        String row = lines.stream().filter(l -> l.startsWith("  ingress ")).findFirst().orElseThrow();
        assertThat(row.indexOf("8,200 req/s")).isEqualTo(header.indexOf("throughput"));
        assertThat(row.indexOf("0/1/0")).isEqualTo(header.indexOf("oversold/missing/dup"));
        assertThat(text).contains("hot FAILED: WIP").contains("ingress ÷ baseline-http-produce")
                .contains("not measured");
    }
}
