package dev.surge.tools.bench;

import dev.surge.tools.bench.BenchTargets.Target;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** {@code --json}: a run's results as numbers (latencies in ms from the HdrHistograms), for scripts. */
final class BenchJson {

    record Run(String command, Instant date, Machine machine, List<Result> results, Map<String, String> failed,
               List<TargetFigure> targets) {
    }

    /** Null where the scenario measures no latency or checks no invariants. */
    record Result(String scenario, String settings, String unit, long count, double seconds, double throughput,
                  Latency latencyMs, Map<String, Long> errors, Invariants invariants) {
    }

    record Latency(long samples, double mean, double p50, double p90, double p99, double p99_9, double max) {

        static Latency of(Histogram h) {
            return new Latency(h.getTotalCount(), h.getMean() / 1000, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                    h.getMaxValue() / 1000.0);
        }

        private static double ms(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Null figure when not measured. */
    record TargetFigure(String target, Double figure, String goal, String status, String note) {
    }

    private BenchJson() {
    }

    static Run run(String command, Instant date, Machine machine, List<ScenarioResult> results,
                   Map<String, String> failed, List<Target> targets) {
        return new Run(command, date, machine, results.stream().map(BenchJson::result).toList(), failed,
                targets.stream().map(t -> new TargetFigure(t.name(), t.figure().orElse(null), t.goalText(),
                        t.status().name().toLowerCase(), t.note())).toList());
    }

    static void write(Path path, Run run) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(path, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(run));
    }

    private static Result result(ScenarioResult r) {
        return new Result(r.scenario(), r.settings(), r.unit(), r.count(), r.seconds(), r.throughput(),
                r.latency().filter(h -> h.getTotalCount() > 0).map(Latency::of).orElse(null), r.errors(),
                r.invariants().orElse(null));
    }
}
