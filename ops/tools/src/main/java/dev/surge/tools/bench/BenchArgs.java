package dev.surge.tools.bench;

import dev.surge.config.Durations;
import dev.surge.tools.OptionValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One {@code surge bench} invocation, parsed: the scenarios to run and their options. Options are
 * written {@code --name value} or {@code --name=value}; {@code --smoke} changes the defaults of the
 * options not given to a quick run that only shows every scenario works.
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

    private static final Set<String> OPTIONS = Set.of("--rate", "--concurrency", "--duration", "--warmup", "--items",
            "--orders", "--json", "--target", "--bootstrap-servers", "--redis", "--topic-prefix");

    /** @throws IllegalArgumentException for anything that is not a valid invocation, with the reason */
    static BenchArgs parse(List<String> args) {
        Deque<String> rest = new ArrayDeque<>(args);
        String scenario = null;
        boolean smoke = false;
        Optional<Integer> rate = Optional.empty();
        Optional<Integer> concurrency = Optional.empty();
        Optional<Duration> duration = Optional.empty();
        Optional<Duration> warmup = Optional.empty();
        Optional<Integer> items = Optional.empty();
        Optional<Integer> orders = Optional.empty();
        Optional<Path> json = Optional.empty();
        Optional<String> target = Optional.empty();
        Optional<String> bootstrap = Optional.empty();
        Optional<String> redis = Optional.empty();
        Optional<String> topicPrefix = Optional.empty();
        while (!rest.isEmpty()) {
            String arg = rest.pop();
            if (arg.equals("--smoke")) {
                smoke = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                if (scenario != null) {
                    throw new IllegalArgumentException("one scenario at a time ('" + scenario + "' and '" + arg
                            + "'), or all");
                }
                scenario = arg;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + arg + "' (surge bench --help lists them)");
            }
            String value = OptionValue.of(name, arg, rest);
            if (value == null || eq < 0 && value.startsWith("--")) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--rate" -> rate = Optional.of(positive(name, value.endsWith("/s")
                        ? value.substring(0, value.length() - 2) : value));
                case "--concurrency" -> concurrency = Optional.of(positive(name, value));
                case "--duration" -> duration = Optional.of(duration(name, value, false));
                case "--warmup" -> warmup = Optional.of(duration(name, value, true));
                case "--items" -> items = Optional.of(positive(name, value));
                case "--orders" -> orders = Optional.of(positive(name, value));
                case "--json" -> json = Optional.of(Path.of(value));
                case "--target" -> target = Optional.of(url(value));
                case "--bootstrap-servers" -> bootstrap = Optional.of(notBlank(name, value));
                case "--redis" -> redis = Optional.of(redis(value));
                case "--topic-prefix" -> topicPrefix = Optional.of(value);
                default -> throw new IllegalStateException("accepted but not parsed: " + name);
            }
        }
        if (scenario == null) {
            throw new IllegalArgumentException("which scenario? (" + names() + ", or all)");
        }
        boolean all = scenario.equals("all");
        String wanted = scenario;
        List<Scenario> scenarios = all ? Scenarios.all() : List.of(Scenarios.named(scenario).orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + wanted + "' (" + names() + ", or all)")));
        if (target.isPresent() && bootstrap.isEmpty()) {
            throw new IllegalArgumentException("--target needs --bootstrap-servers: the bench reads what became of the"
                    + " orders from the target's Kafka");
        }
        if (topicPrefix.isPresent() && target.isEmpty()) {
            throw new IllegalArgumentException("--topic-prefix is the --target Surge's; the Surge the bench starts"
                    + " has its own");
        }
        BenchOptions options = new BenchOptions(rate,
                concurrency.orElse(smoke ? SMOKE_CONCURRENCY : DEFAULT_CONCURRENCY),
                duration.orElse(smoke ? SMOKE_DURATION : DEFAULT_DURATION),
                warmup.orElse(smoke ? SMOKE_WARMUP : DEFAULT_WARMUP),
                items.orElse(smoke ? SMOKE_ITEMS : DEFAULT_ITEMS),
                orders.orElse(smoke ? SMOKE_ORDERS : DEFAULT_ORDERS),
                json, target, bootstrap, redis, topicPrefix.orElse(""));
        return new BenchArgs(scenarios, all, smoke, options);
    }

    private static String names() {
        return Scenarios.all().stream().map(Scenario::name).collect(Collectors.joining(", "));
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(name + " '" + value + "' is not a positive whole number");
    }

    private static Duration duration(String name, String value, boolean zeroAllowed) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " " + e.getMessage());
        }
        if (duration.isNegative() || duration.isZero() && !zeroAllowed) {
            throw new IllegalArgumentException(name + " '" + value + "' must be "
                    + (zeroAllowed ? "0 or more" : "more than 0"));
        }
        return duration;
    }

    private static String url(String value) {
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw new IllegalArgumentException("--target '" + value + "' is not an http:// or https:// URL");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String redis(String value) {
        if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis '" + value + "' is not a redis:// URL");
        }
        return value;
    }

    private static String notBlank(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return value;
    }
}
