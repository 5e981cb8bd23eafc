package dev.surge.tools.bench;

import dev.surge.tools.bench.BenchTargets.Target;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import dev.surge.tools.bench.http.IngressScenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code surge bench <scenario|all>}: runs scenarios against one shared environment (a broker, a
 * Surge, a Redis, each started when first needed), then prints their figures and the issue's
 * targets. Exit code 0 when every scenario completed, measured something and kept its invariants;
 * a missed performance target is reported, not failed. Bad options throw IllegalArgumentException.
 */
public final class BenchCommand {

    static final String USAGE = """
            usage: surge bench <scenario|all> [--rate N/s | --concurrency N] [--duration 30s] [--warmup 10s]
                               [--items 1000] [--orders 300000] [--json out.json] [--smoke]
                               [--target URL --bootstrap-servers HOST:PORT [--topic-prefix P]] [--redis redis://...]

            scenarios:
            %s
              all                      every scenario above in this order, then the targets; writes docs/benchmarks.md
                                       (under SURGE_HOME, else the current directory)

            options:
              --concurrency N          closed model: N clients, each sending its next request when answered
                                       (default 64); with --rate: the most requests in flight (connections)
              --rate N[/s]             open model: N requests (orders) started per second on schedule, latency from each
                                       one's due time; e2e is always open (default 5000/s)
              --duration D, --warmup D measured time and load before it, of the HTTP scenarios (30s, 10s;
                                       also 500ms, 2m)
              --items K                items the orders spread over (1000)
              --orders N               orders pre-produced for topology, hot and their baselines (300000)
              --json FILE              also write every figure as JSON
              --smoke                  a quick check that every scenario works (defaults: 2s, 1s warmup, 8 clients,
                                       100 items, 20000 orders); figures are meaningless, no docs/benchmarks.md
              --target URL             measure a running Surge instead of starting one; needs --bootstrap-servers (its
                                       Kafka, where the bench checks the results) and --topic-prefix if it has one
              --bootstrap-servers H:P  a Kafka cluster instead of the embedded broker
              --redis URL              a Redis for baseline-redis-lua instead of a redis-server the bench starts

            Progress goes to stderr, the tables to stdout. Exit codes: 0 every scenario completed with its
            invariants held (missed targets are reported, not failed), 1 otherwise, 2 usage.
            """;

    private static final Set<String> HELP = Set.of("help", "-h", "--help");
    private static final int USAGE_WIDTH = 116;

    private BenchCommand() {
    }

    static String usage() {
        StringBuilder scenarios = new StringBuilder();
        for (Scenario scenario : Scenarios.all()) {
            StringBuilder line = new StringBuilder(String.format("  %-24s", scenario.name()));
            for (String word : scenario.description().split(" ")) {
                if (line.length() + 1 + word.length() > USAGE_WIDTH) {
                    scenarios.append(line).append('\n');
                    line = new StringBuilder(" ".repeat(26));
                }
                line.append(' ').append(word);
            }
            scenarios.append(line).append('\n');
        }
        return USAGE.formatted(scenarios.toString().stripTrailing());
    }

    /**
     * Runs one invocation and returns its exit code: the tables to {@code out}, progress to
     * {@code err}; never exits the JVM.
     *
     * @param args the arguments after {@code bench}
     * @throws IllegalArgumentException for bad options (exit code 2)
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        if (args.size() == 1 && HELP.contains(args.getFirst())) {
            out.print(usage());
            return 0;
        }
        BenchArgs bench = BenchArgs.parse(args);
        String command = "surge bench " + String.join(" ", args);
        Instant date = Instant.now();
        List<ScenarioResult> results = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        try (BenchContext context = new BenchContext(bench.options(), err)) {
            for (Scenario scenario : bench.scenarios()) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                Optional<ScenarioResult> result = runOne(scenario, context, results, failed, err);
                // The ingress latency target is for half the rate the closed run reached: measured right after it.
                if (scenario instanceof IngressScenario ingress && result.isPresent()) {
                    Optional<Scenario> halfRate = ingress.atHalfOf(result.get(), context);
                    if (halfRate.isPresent()) {
                        runOne(halfRate.get(), context, results, failed, err);
                    }
                }
            }
        }
        List<Target> targets = BenchTargets.evaluate(results, bench.options());
        BenchReport.print(out, results, failed, targets);
        Machine machine = Machine.current();
        if (bench.options().json().isPresent()) {
            Path json = bench.options().json().get();
            BenchJson.write(json, BenchJson.run(command, date, machine, results, failed, targets));
            out.println("\nwrote " + json);
        }
        if (bench.all() && !bench.smoke()) {
            Path home = Path.of(System.getenv().getOrDefault("SURGE_HOME", "."));
            Path file = home.resolve("docs").resolve("benchmarks.md");
            BenchMarkdown.write(file, command, date, machine, results, failed, targets);
            out.println("\nwrote " + file.toAbsolutePath().normalize());
        }
        boolean invariantsHeld = results.stream().allMatch(r -> r.invariants().map(Invariants::hold).orElse(true));
        return failed.isEmpty() && invariantsHeld ? 0 : 1;
    }

    /** Runs one scenario; a failure or a run that measured nothing is noted in {@code failed}, not thrown. */
    private static Optional<ScenarioResult> runOne(Scenario scenario, BenchContext context,
                                                   List<ScenarioResult> results, Map<String, String> failed,
                                                   PrintStream err) {
        err.println();
        err.println("== " + scenario.name());
        long start = System.nanoTime();
        try {
            ScenarioResult result = scenario.run(context);
            results.add(result);
            err.printf("   %s: %,.0f %s in %.0f s%s%n", scenario.name(), result.throughput(), result.unit(),
                    (System.nanoTime() - start) / 1e9,
                    result.invariants().map(i -> i.hold() ? ", invariants held" : ", INVARIANTS BROKEN: " + i)
                            .orElse(""));
            if (result.count() == 0) {
                failed.put(scenario.name(), "measured nothing (errors: " + BenchReport.errors(result.errors()) + ")");
            }
            return Optional.of(result);
        } catch (Exception e) {
            failed.put(scenario.name(), describe(e));
            err.println("   " + scenario.name() + " FAILED: " + describe(e));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    /** The message and its causes' messages: the reason is often one level down. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}
