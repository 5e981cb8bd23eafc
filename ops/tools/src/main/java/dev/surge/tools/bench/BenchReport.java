package dev.surge.tools.bench;

import dev.surge.tools.bench.BenchTargets.Target;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What one run measured, as text tables: a row per scenario (throughput, latency percentiles in
 * ms, errors by kind, the order invariants), the failed scenarios, then the targets.
 */
final class BenchReport {

    static final List<String> RESULT_HEADER = List.of("scenario", "throughput", "p50", "p90", "p99", "p99.9", "max",
            "errors", "oversold/missing/dup", "settings");
    static final List<String> TARGET_HEADER = List.of("target", "figure", "goal", "status", "from");
    /** Percentiles of the latency columns, in the header's order; max comes after. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private BenchReport() {
    }

    /** The cells of a result's row, as {@link #RESULT_HEADER} names them; latencies in ms. */
    static List<String> cells(ScenarioResult result) {
        List<String> cells = new ArrayList<>();
        cells.add(result.scenario());
        cells.add(String.format("%,.0f %s", result.throughput(), result.unit()));
        Optional<Histogram> latency = result.latency().filter(h -> h.getTotalCount() > 0);
        for (double percentile : PERCENTILES) {
            cells.add(latency.map(h -> ms(h.getValueAtPercentile(percentile))).orElse("-"));
        }
        cells.add(latency.map(h -> ms(h.getMaxValue())).orElse("-"));
        cells.add(errors(result.errors()));
        cells.add(result.invariants().map(i -> i.oversoldUnits() + "/" + i.missingResults() + "/"
                + i.duplicateResults()).orElse("-"));
        cells.add(result.settings());
        return cells;
    }

    static List<String> cells(Target target) {
        return List.of(target.name(), target.figureText(), target.goalText(),
                target.status().name().toLowerCase().replace('_', ' '), target.note());
    }

    /** Microseconds as milliseconds, to a precision that suits the figure. */
    static String ms(long micros) {
        return micros < 10_000 ? String.format("%.2f", micros / 1000.0) : String.format("%.1f", micros / 1000.0);
    }

    static String errors(Map<String, Long> errors) {
        return errors.isEmpty() ? "-" : new TreeMap<>(errors).entrySet().stream()
                .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    static void print(PrintStream out, List<ScenarioResult> results, Map<String, String> failed, List<Target> targets) {
        out.println();
        out.println("Results (latency in ms; oversold units / accepted orders without a result / with more than one):");
        table(out, RESULT_HEADER, results.stream().map(BenchReport::cells).toList());
        failed.forEach((scenario, why) -> out.println("  " + scenario + " FAILED: " + why));
        out.println();
        out.println("Targets (ratios compare throughput within this run; latency targets are on p99):");
        table(out, TARGET_HEADER, targets.stream().map(BenchReport::cells).toList());
    }

    /** Left-aligned columns as wide as their widest cell; the last column is not padded. */
    static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder(" ");
            for (int c = 0; c < row.size(); c++) {
                line.append(' ').append(c == row.size() - 1 ? row.get(c) : pad(row.get(c), widths[c]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
