package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.Json;
import dev.surge.tools.bench.BenchCommand;
import dev.surge.tools.bench.Scenario;
import dev.surge.tools.bench.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's run of {@code surge bench all --smoke}, in-process: every scenario completes on a real
 * broker, Surge and redis-server, measures something, and keeps the order invariants. No timing
 * is asserted: on a CI machine the figures mean nothing, that they exist and hold does.
 */
class BenchSmokeIT {

    /** The scenarios that sell stock and must account for every order. */
    private static final List<String> ORDER_SCENARIOS = List.of("topology", "hot", "ingress", "ingress-half-rate",
            "e2e", "queries");

    @Test
    void everyScenarioCompletesAndKeepsItsInvariants(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of("all", "--smoke", "--json", json.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.println(report);

        assertThat(code).as(report).isZero();
        Map<String, JsonNode> results = new HashMap<>();
        Json.MAPPER.readTree(json.toFile()).path("results").forEach(r -> results.put(r.path("scenario").asText(), r));
        for (Scenario scenario : Scenarios.all()) {
            assertThat(results).as(report).containsKey(scenario.name());
            assertThat(results.get(scenario.name()).path("count").asLong()).as(scenario.name()).isPositive();
        }
        for (String scenario : ORDER_SCENARIOS) {
            JsonNode invariants = results.get(scenario).path("invariants");
            assertThat(invariants.isObject()).as(scenario + " checks its invariants").isTrue();
            assertThat(invariants.path("oversold_units").asLong()).as(scenario + " oversold").isZero();
            assertThat(invariants.path("missing_results").asLong()).as(scenario + " missing").isZero();
            assertThat(invariants.path("duplicate_results").asLong()).as(scenario + " duplicate").isZero();
        }
        // A smoke's figures must not replace the real ones in docs/benchmarks.md.
        assertThat(report).doesNotContain("benchmarks.md");
    }
}
