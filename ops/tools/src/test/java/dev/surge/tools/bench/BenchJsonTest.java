package dev.surge.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import dev.surge.schemas.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchJsonTest {

    @Test
    void everyFigureIsANumberAndWhatWasNotMeasuredIsNull(@TempDir Path dir) throws Exception {
        Histogram latency = new Histogram(3);
        latency.recordValue(1_500);
        latency.recordValue(2_500);
        List<ScenarioResult> results = List.of(
                new ScenarioResult("queries", "req/s", 300, 10, Optional.of(latency), Map.of("http 404", 3L),
                        Optional.of(new Invariants(0, 0, 0)), "closed 64"),
                new ScenarioResult("baseline-kafka", "orders/s", 800_000, 10, Optional.empty(), Map.of(),
                        Optional.empty(), "300,000 orders"));
        Path file = dir.resolve("out").resolve("bench.json");
        BenchJson.write(file, BenchJson.run("surge bench all", Instant.parse("2026-12-05T10:00:00Z"),
                Machine.current(), results, Map.of("hot", "WIP"),
                BenchTargets.evaluate(results, BenchArgs.parse(List.of("all")).options())));

        JsonNode json = Json.MAPPER.readTree(file.toFile());
        assertThat(json.path("command").asText()).isEqualTo("surge bench all");
        assertThat(json.path("date").asText()).isEqualTo("2026-12-05T10:00:00Z");
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        JsonNode queries = json.path("results").get(0);
        assertThat(queries.path("throughput").isNumber()).isTrue();
        assertThat(queries.path("throughput").asDouble()).isEqualTo(30.0);
        assertThat(queries.path("latency_ms").path("samples").asLong()).isEqualTo(2);
        assertThat(queries.path("latency_ms").path("p50").asDouble()).isCloseTo(1.5, within(0.01));
        assertThat(queries.path("latency_ms").path("p99_9").asDouble()).isCloseTo(2.5, within(0.01));
        assertThat(queries.path("latency_ms").path("max").isNumber()).isTrue();
        assertThat(queries.path("errors").path("http 404").asLong()).isEqualTo(3);
        assertThat(queries.path("invariants").path("missing_results").asLong()).isZero();
        assertThat(queries.path("invariants").has("hold")).isFalse();
        JsonNode kafka = json.path("results").get(1);
        assertThat(kafka.path("latency_ms").isNull()).isTrue();
        assertThat(kafka.path("invariants").isNull()).isTrue();
        assertThat(json.path("failed").path("hot").asText()).isEqualTo("WIP");
        JsonNode target = json.path("targets").get(0);
        assertThat(target.path("target").asText()).isEqualTo("topology ÷ baseline-redis-lua");
        assertThat(target.path("figure").isNull()).isTrue();
        assertThat(target.path("status").asText()).isEqualTo("not_measured");
    }
}
