package dev.surge.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.tools.bench.BenchTargets.Status;
import dev.surge.tools.bench.BenchTargets.Target;
import dev.surge.tools.bench.http.IngressScenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchTargetsTest {

    private static final BenchOptions DEFAULTS = BenchArgs.parse(List.of("all")).options();

    /** A result of {@code perSecond} over 10 s whose latencies (ms) are {@code latenciesMs}, or none. */
    static ScenarioResult result(String scenario, double perSecond, long... latenciesMs) {
        Optional<Histogram> latency = Optional.empty();
        if (latenciesMs.length > 0) {
            Histogram histogram = new Histogram(3);
            for (long ms : latenciesMs) {
                histogram.recordValue(ms * 1000);
            }
            latency = Optional.of(histogram);
        }
        return new ScenarioResult(scenario, "req/s", (long) (perSecond * 10), 10, latency, Map.of(), Optional.empty(),
                "closed 64");
    }

    private static Map<String, Target> byName(List<ScenarioResult> results, BenchOptions options) {
        return BenchTargets.evaluate(results, options).stream()
                .collect(Collectors.toMap(Target::name, Function.identity()));
    }

    @Test
    void ratiosCompareThroughputWithinTheRun() {
        Map<String, Target> targets = byName(List.of(result("topology", 50_000), result("hot", 40_000),
                result("baseline-redis-lua", 40_000), result("baseline-kafka", 80_000), result("events", 30_000),
                result("ingress", 8_000), result("baseline-http-produce", 10_000), result("queries", 30_000),
                result("baseline-http", 60_000)), DEFAULTS);

        assertThat(targets.get("topology ÷ baseline-redis-lua").figure()).contains(1.25);
        assertThat(targets.get("topology ÷ baseline-redis-lua").status()).isEqualTo(Status.MET);
        assertThat(targets.get("hot ÷ baseline-redis-lua").status()).isEqualTo(Status.MISSED);
        assertThat(targets.get("topology ÷ baseline-kafka").status()).isEqualTo(Status.MET);
        assertThat(targets.get("hot ÷ baseline-kafka").status()).isEqualTo(Status.MISSED);
        assertThat(targets.get("events ÷ baseline-kafka").status()).isEqualTo(Status.MISSED);
        assertThat(targets.get("ingress ÷ baseline-http-produce").figure()).contains(0.8);
        assertThat(targets.get("ingress ÷ baseline-http-produce").status()).isEqualTo(Status.MISSED);
        assertThat(targets.get("queries ÷ baseline-http").status()).isEqualTo(Status.MISSED);
        assertThat(targets.get("queries ÷ baseline-http").note()).isEqualTo("30,000 / 60,000");
        assertThat(targets.get("topology ÷ baseline-redis-lua").goalText()).isEqualTo("≥ 1.25×");
        assertThat(targets.get("events ÷ baseline-kafka").goalText()).isEqualTo("≥ 0.5×");
        assertThat(targets.get("hot ÷ baseline-redis-lua").figureText()).isEqualTo("1.00×");
    }

    @Test
    void aRatioWithASideMissingIsNotMeasured() {
        Map<String, Target> targets = byName(List.of(result("topology", 50_000)), DEFAULTS);
        Target ratio = targets.get("topology ÷ baseline-redis-lua");
        assertThat(ratio.figure()).isEmpty();
        assertThat(ratio.status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(ratio.figureText()).isEqualTo("-");
        assertThat(BenchTargets.evaluate(List.of(), DEFAULTS)).allMatch(t -> t.status() == Status.NOT_MEASURED);
    }

    @Test
    void latencyTargetsAreOnP99() {
        long[] fast = new long[100];
        java.util.Arrays.fill(fast, 2);
        fast[99] = 400;
        Map<String, Target> targets = byName(List.of(result(IngressScenario.HALF_RATE, 4_000, 5, 10, 19),
                result("e2e", 5_000, fast), result("queries", 30_000, 3, 4, 6)), DEFAULTS);

        Target ingress = targets.get("ingress p99 at half the maximum rate");
        assertThat(ingress.figure()).hasValueSatisfying(ms -> assertThat(ms).isBetween(18.9, 19.1));
        assertThat(ingress.status()).isEqualTo(Status.MET);
        assertThat(ingress.goalText()).isEqualTo("< 20 ms");
        // 99 of 100 under 3 ms: p99 is 2 ms even though the max is 400 ms.
        assertThat(targets.get("e2e p99 at 5000 orders/s (open model)").status()).isEqualTo(Status.MET);
        assertThat(targets.get("queries p99 (local keys)").status()).isEqualTo(Status.MISSED);
        assertThat(targets.get("queries p99 (local keys)").figureText()).isEqualTo("6.0 ms");
    }

    @Test
    void theE2eTargetIsOnlyMeasuredAtItsRate() {
        BenchOptions slower = new BenchOptions(Optional.of(1000), 64, Duration.ofSeconds(30), Duration.ofSeconds(10),
                1000, 300_000, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "");
        Target e2e = byName(List.of(result("e2e", 1_000, 50)), slower).get("e2e p99 at 5000 orders/s (open model)");
        assertThat(e2e.status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(e2e.note()).isEqualTo("e2e ran at 1000/s");
    }

    @Test
    void withoutAHalfRateRunTheIngressLatencyIsNotMeasuredAndSaysWhy() {
        Target ingress = byName(List.of(result("ingress", 8_000, 30)), DEFAULTS)
                .get("ingress p99 at half the maximum rate");
        assertThat(ingress.status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(ingress.note()).contains("closed-model ingress run");
    }
}
