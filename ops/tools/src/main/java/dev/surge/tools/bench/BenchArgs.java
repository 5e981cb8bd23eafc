package dev.surge.tools.bench;

import dev.surge.tools.Cli;
import dev.surge.tools.Converters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code surge bench} invocation, checked: the scenarios to run and their options. Picocli
 * converts each option of {@link BenchCommand} on its own; this checks what depends on several,
 * and lets {@code --smoke} change the defaults of the options not given to a quick run that only
 * shows every scenario works.
 */
record BenchArgs(List<Scenario> scenarios, boolean all, boolean smoke, BenchOptions options) {

    static final int DEFAULT_CONCURRENCY = 64;
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(10);
    static final int DEFAULT_ITEMS = 1_000;
    static final int DEFAULT_ORDERS = 300_000;

    static final int SMOKE_CONCURRENCY = 8;
    static final Duration SMOKE_DURATION = Duration.ofSeconds(2);
    static final Duration SMOKE_WARMUP = Duration.ofSeconds(1);
    static final int SMOKE_ITEMS = 100;
    static final int SMOKE_ORDERS = 20_000;

    /**
     * Parses as {@code surge bench} does, without running anything.
     *
     * @param args the arguments after {@code bench}
     * @throws IllegalArgumentException for anything that is not a valid invocation, with the reason
     */
    static BenchArgs parse(List<String> args) {
        BenchCommand bench = new BenchCommand();
        Cli.parse(Cli.args("bench", args), System.out, bench);
        return of(bench);
    }

    /** @throws IllegalArgumentException for options that do not go together, with the reason */
    static BenchArgs of(BenchCommand given) {
        if (given.scenarios.isEmpty()) {
            throw new IllegalArgumentException("which scenario? (" + names() + ", or all)");
        }
        if (given.scenarios.size() > 1) {
            throw new IllegalArgumentException("one scenario at a time ('" + given.scenarios.get(0) + "' and '"
                    + given.scenarios.get(1) + "'), or all");
        }
        String scenario = given.scenarios.getFirst();
        boolean all = scenario.equals("all");
        List<Scenario> scenarios = all ? Scenarios.all() : List.of(Scenarios.named(scenario).orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + scenario + "' (" + names() + ", or all)")));
        if (given.target != null && given.bootstrapServers == null) {
            throw new IllegalArgumentException("--target needs --bootstrap-servers: the bench reads what became of the"
                    + " orders from the target's Kafka");
        }
        if (given.topicPrefix != null && given.target == null) {
            throw new IllegalArgumentException("--topic-prefix is the --target Surge's; the Surge the bench starts"
                    + " has its own");
        }
        boolean smoke = given.smoke;
        BenchOptions options = new BenchOptions(Optional.ofNullable(given.rate),
                or(given.concurrency, smoke ? SMOKE_CONCURRENCY : DEFAULT_CONCURRENCY),
                or(given.duration, smoke ? SMOKE_DURATION : DEFAULT_DURATION),
                or(given.warmup, smoke ? SMOKE_WARMUP : DEFAULT_WARMUP),
                or(given.items, smoke ? SMOKE_ITEMS : DEFAULT_ITEMS),
                or(given.orders, smoke ? SMOKE_ORDERS : DEFAULT_ORDERS),
                Optional.ofNullable(given.json), Optional.ofNullable(given.target),
                Optional.ofNullable(given.bootstrapServers), Optional.ofNullable(given.redis),
                or(given.topicPrefix, ""));
        return new BenchArgs(scenarios, all, smoke, options);
    }

    private static <T> T or(T given, T otherwise) {
        return given != null ? given : otherwise;
    }

    private static String names() {
        return Scenarios.all().stream().map(Scenario::name).collect(Collectors.joining(", "));
    }

    /** What a shell completes the scenario with. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>(Scenarios.all().stream().map(Scenario::name).toList());
            names.add("all");
            return names.iterator();
        }
    }

    /** {@code 2000} or {@code 2000/s}. */
    static final class Rate implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                return new Converters.PositiveInt().convert(text.endsWith("/s") ? text.substring(0, text.length() - 2)
                        : text);
            } catch (TypeConversionException e) {
                throw new TypeConversionException("'" + text + "' is not a positive whole number (per second)");
            }
        }
    }

    /** An http:// or https:// URL, without a trailing slash (the paths are appended). */
    static final class HttpUrl implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.startsWith("http://") && !text.startsWith("https://")) {
                throw new TypeConversionException("'" + text + "' is not an http:// or https:// URL");
            }
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }
    }

    static final class RedisUrl implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.startsWith("redis://") && !text.startsWith("rediss://")) {
                throw new TypeConversionException("'" + text + "' is not a redis:// URL");
            }
            return text;
        }
    }
}
