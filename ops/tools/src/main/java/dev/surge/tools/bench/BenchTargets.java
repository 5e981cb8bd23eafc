package dev.surge.tools.bench;

import dev.surge.tools.bench.http.EndToEndScenario;
import dev.surge.tools.bench.http.IngressScenario;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The targets, checked against one run's results: throughput ratios to the baselines of
 * the same run (which hold on a noisy machine where absolute figures do not), and a few absolute
 * latencies. A target whose scenarios did not run, or ran under other conditions, is "not measured".
 */
final class BenchTargets {

    enum Status { MET, MISSED, NOT_MEASURED }

    /**
     * One target.
     *
     * @param figure the ratio, or the latency in ms; empty when not measured
     * @param atLeast whether the figure must reach the goal (ratios) or stay under it (latencies)
     * @param note   why it was not measured, or what it was measured on
     */
    record Target(String name, Optional<Double> figure, double goal, boolean atLeast, String unit, String note) {

        Status status() {
            return figure.map(f -> (atLeast ? f >= goal : f < goal) ? Status.MET : Status.MISSED)
                    .orElse(Status.NOT_MEASURED);
        }

        String goalText() {
            return (atLeast ? "≥ " : "< ") + BigDecimal.valueOf(goal).stripTrailingZeros().toPlainString() + unit;
        }

        String figureText() {
            return figure.map(f -> String.format(unit.equals(RATIO) ? "%.2f" : "%.1f", f) + unit).orElse("-");
        }
    }

    static final String RATIO = "×";
    static final String MS = " ms";

    private BenchTargets() {
    }

    static List<Target> evaluate(List<ScenarioResult> results, BenchOptions options) {
        Map<String, ScenarioResult> byName = results.stream()
                .collect(Collectors.toMap(ScenarioResult::scenario, Function.identity(), (a, b) -> b));
        List<Target> targets = new ArrayList<>();
        targets.add(ratio(byName, "topology", "baseline-redis-lua", 1.25));
        targets.add(ratio(byName, "hot", "baseline-redis-lua", 1.25));
        targets.add(ratio(byName, "topology", "baseline-kafka", 0.6));
        targets.add(ratio(byName, "hot", "baseline-kafka", 0.6));
        targets.add(ratio(byName, "events", "baseline-kafka", 0.5));
        targets.add(ratio(byName, "ingress", "baseline-http-produce", 0.9));
        targets.add(ratio(byName, "queries", "baseline-http", 0.6));
        targets.add(p99(byName, IngressScenario.HALF_RATE, "ingress p99 at half the maximum rate", 20,
                "measured after a closed-model ingress run (no --rate)"));
        int e2eRate = options.rate().orElse(EndToEndScenario.DEFAULT_RATE);
        targets.add(e2eRate == EndToEndScenario.DEFAULT_RATE
                ? p99(byName, "e2e", "e2e p99 at " + EndToEndScenario.DEFAULT_RATE + " orders/s (open model)", 250, "")
                : new Target("e2e p99 at " + EndToEndScenario.DEFAULT_RATE + " orders/s (open model)", Optional.empty(),
                        250, false, MS, "e2e ran at " + e2eRate + "/s"));
        targets.add(p99(byName, "queries", "queries p99 (local keys)", 5, ""));
        return targets;
    }

    private static Target ratio(Map<String, ScenarioResult> byName, String scenario, String baseline, double goal) {
        String name = scenario + " ÷ " + baseline;
        ScenarioResult measured = byName.get(scenario);
        ScenarioResult floor = byName.get(baseline);
        if (measured == null || floor == null || floor.throughput() <= 0) {
            return new Target(name, Optional.empty(), goal, true, RATIO, "needs both in one run");
        }
        return new Target(name, Optional.of(measured.throughput() / floor.throughput()), goal, true, RATIO,
                String.format("%,.0f / %,.0f", measured.throughput(), floor.throughput()));
    }

    private static Target p99(Map<String, ScenarioResult> byName, String scenario, String name, double goalMs,
                              String whenMissing) {
        Optional<Double> p99 = Optional.ofNullable(byName.get(scenario)).flatMap(ScenarioResult::latency)
                .filter(h -> h.getTotalCount() > 0).map(h -> h.getValueAtPercentile(99) / 1000.0);
        String note = p99.isPresent() ? byName.get(scenario).settings()
                : whenMissing.isEmpty() ? "not in this run" : whenMissing;
        return new Target(name, p99, goalMs, false, MS, note);
    }
}
