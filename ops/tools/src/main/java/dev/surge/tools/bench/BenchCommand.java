package dev.surge.tools.bench;

import dev.surge.tools.Cli;
import dev.surge.tools.Converters;
import dev.surge.tools.bench.BenchTargets.Target;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import dev.surge.tools.bench.http.IngressScenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code surge bench <scenario|all>}: runs scenarios against one shared environment (a broker, a
 * Surge, a Redis, each started when first needed), then prints their figures and the issue's
 * targets. Exit code 0 when every scenario completed, measured something and kept its invariants;
 * a missed performance target is reported, not failed. {@link BenchArgs} checks the options.
 */
@Command(name = "bench",
        description = {"Measure Surge and its baselines: throughput, latency, invariants, targets.",
                "The scenarios share one environment (a Kafka broker, a Surge, a Redis), each started when first"
                        + " needed."},
        footer = "Progress goes to stderr, the tables to stdout.",
        exitCodeList = {"0:every scenario completed with its invariants held (missed targets are reported, not failed)",
                "1:otherwise", "2:a usage error (said why)"})
public final class BenchCommand implements Callable<Integer> {

    private static final String SCENARIOS = "scenarios";
    private static final int NAME_WIDTH = 26;

    @Parameters(paramLabel = "<scenario|all>", hideParamSyntax = true, arity = "0..*",
            completionCandidates = BenchArgs.ScenarioNames.class,
            description = "one of the scenarios below, or all: every one in this order, then the targets; writes"
                    + " docs/benchmarks.md (under SURGE_HOME, else the current directory)")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "N[/s]", converter = BenchArgs.Rate.class,
            description = "open model: N requests (orders) started per second on schedule, latency from each one's"
                    + " due time; e2e is always open (default 5000/s)")
    Integer rate;

    @Option(names = "--concurrency", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "closed model: N clients, each sending its next request when answered (default 64);"
                    + " with --rate: the most requests in flight (connections)")
    Integer concurrency;

    @Option(names = "--duration", paramLabel = "D", converter = Converters.PositiveDuration.class,
            description = "measured time of the HTTP scenarios (default 30s; also 500ms, 2m)")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "D", converter = Converters.NonNegativeDuration.class,
            description = "load before measuring, in the HTTP scenarios (default 10s)")
    Duration warmup;

    @Option(names = "--items", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "items the orders spread over (default 1000)")
    Integer items;

    @Option(names = "--orders", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "orders pre-produced for topology, hot and their baselines (default 300000)")
    Integer orders;

    @Option(names = "--json", paramLabel = "FILE", description = "also write every figure as JSON")
    Path json;

    @Option(names = "--smoke", arity = "0", description = "a quick check that every scenario works (defaults: 2s, 1s"
            + " warmup, 8 clients, 100 items, 20000 orders); figures are meaningless, no docs/benchmarks.md")
    boolean smoke;

    @Option(names = "--target", paramLabel = "URL", converter = BenchArgs.HttpUrl.class,
            description = "measure a running Surge instead of starting one; needs --bootstrap-servers (its Kafka,"
                    + " where the bench checks the results) and --topic-prefix if it has one")
    String target;

    @Option(names = "--bootstrap-servers", paramLabel = "H:P", converter = Converters.NotBlank.class,
            description = "a Kafka cluster instead of the embedded broker")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "P", description = "the --target Surge's TOPIC_PREFIX")
    String topicPrefix;

    @Option(names = "--redis", paramLabel = "URL", converter = BenchArgs.RedisUrl.class,
            description = "a Redis for baseline-redis-lua instead of a redis-server the bench starts")
    String redis;

    private CommandSpec spec;
    private final PrintStream out;
    private final PrintStream err;

    BenchCommand() {
        this(System.out, System.err);
    }

    private BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Picocli hands over the spec here: the help lists the scenarios, which are known only at run time. */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        UsageMessageSpec usage = spec.usageMessage();
        usage.sectionMap().put(SCENARIOS, help -> scenarioList(usage.width()));
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING), SCENARIOS);
        usage.sectionKeys(keys);
    }

    /**
     * Runs one invocation and returns its exit code: the tables to {@code out}, progress to
     * {@code err}; never exits the JVM.
     *
     * @param args the arguments after {@code bench}
     * @throws IllegalArgumentException for bad options (exit code 2), before anything starts
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        BenchCommand bench = new BenchCommand(out, err);
        if (CommandLine.printHelpIfRequested(Cli.parse(Cli.args("bench", args), out, bench))) {
            return 0;
        }
        return bench.run(BenchArgs.of(bench), args);
    }

    @Override
    public Integer call() throws IOException {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        List<String> args = all.subList(all.indexOf(spec.name()) + 1, all.size());
        return run(Cli.validated(spec, () -> BenchArgs.of(this)), args);
    }

    private int run(BenchArgs bench, List<String> args) throws IOException {
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
            Path file = bench.options().json().get();
            BenchJson.write(file, BenchJson.run(command, date, machine, results, failed, targets));
            out.println("\nwrote " + file);
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
            failed.put(scenario.name(), Cli.describe(e));
            err.println("   " + scenario.name() + " FAILED: " + Cli.describe(e));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    /** The scenarios section of the help: each name, and its description wrapped under it. */
    private static String scenarioList(int width) {
        StringBuilder text = new StringBuilder(String.format("%nScenarios:%n"));
        for (Scenario scenario : Scenarios.all()) {
            StringBuilder line = new StringBuilder(String.format("  %-" + (NAME_WIDTH - 2) + "s", scenario.name()));
            for (String word : scenario.description().split(" ")) {
                if (line.length() + 1 + word.length() > width) {
                    text.append(line).append(System.lineSeparator());
                    line = new StringBuilder(" ".repeat(NAME_WIDTH));
                }
                line.append(' ').append(word);
            }
            text.append(line).append(System.lineSeparator());
        }
        return text.toString();
    }
}
