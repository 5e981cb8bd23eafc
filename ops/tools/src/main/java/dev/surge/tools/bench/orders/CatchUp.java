package dev.surge.tools.bench.orders;

import dev.surge.config.SurgeConfig;
import dev.surge.tools.bench.BenchContext;
import dev.surge.tools.bench.Scenario;
import dev.surge.tools.bench.ScenarioResult;
import java.util.Map;
import java.util.Optional;

/**
 * The method every order-processing scenario shares, so that their figures compare: a backlog is
 * written to fresh topics, the system under test starts on it, and throughput is the results over
 * the broker append times of the first and last result, start-up and rebalance excluded. A
 * smaller backlog goes through first, unmeasured, in the same JVM: the first scenario of a run
 * would otherwise pay for compiling the Kafka client code that every later one reuses.
 */
abstract class CatchUp implements Scenario {

    /** What the scenario starts on the backlog; closing it stops it. */
    interface Running extends AutoCloseable {
    }

    private static final int WARMUP_ORDERS = 30_000;

    /** Starts the system under test on the backlog's topics. */
    abstract Running start(BenchContext context, SurgeConfig config, OrderBacklog backlog) throws Exception;

    /** How many items the backlog spreads over. */
    int items(BenchContext context) {
        return context.options().items();
    }

    /** Whether the results are order results whose invariants can be checked. */
    boolean decidesOrders() {
        return true;
    }

    @Override
    public final ScenarioResult run(BenchContext context) throws Exception {
        int orders = context.options().orders();
        if (orders > WARMUP_ORDERS) {
            context.progress().printf("  %s: warm-up on %,d orders...%n", name(), WARMUP_ORDERS);
            pass(context, WARMUP_ORDERS);
        }
        return pass(context, orders);
    }

    private ScenarioResult pass(BenchContext context, int orders) throws Exception {
        String prefix = context.freshPrefix(name());
        SurgeConfig config = context.surgeConfig(prefix, Map.of("ROLE", "processor"));
        OrderBacklog backlog = OrderBacklog.create(prefix, config.kafka().partitions(), items(context), orders);
        Map<String, Object> clients = Map.of("bootstrap.servers", context.bootstrapServers());
        context.progress().printf("  %s: producing %,d orders over %,d item(s)...%n", name(), orders, backlog.items());
        backlog.produce(clients);
        ResultTally.Progress progress;
        String results = backlog.topics().orderResults().name();
        try (ResultTally tally = new ResultTally(clients, results);
             Running system = start(context, config, backlog)) {
            progress = tally.await(orders, context.progress());
        }
        Optional<ScenarioResult.Invariants> invariants = decidesOrders()
                ? Optional.of(ResultTally.check(clients, results, backlog)) : Optional.empty();
        Map<String, Long> errors = progress.results() < orders
                ? Map.of("missing results", orders - progress.results()) : Map.of();
        return new ScenarioResult(name(), "orders/s", progress.results(), progress.seconds(), Optional.empty(), errors,
                invariants, String.format("%,d orders, %,d item(s), %s, %d thread(s); %.0f µs CPU/order",
                orders, backlog.items(), config.streams().processingGuarantee(), config.streams().threads(),
                progress.cpuMicrosPerResult()));
    }
}
