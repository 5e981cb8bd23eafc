package dev.surge.tools.bench.http;

import dev.surge.tools.bench.BenchContext;
import dev.surge.tools.bench.Scenario;
import dev.surge.tools.bench.ScenarioResult;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ingress}: POST /v1/orders, counting 202s, then the order invariants (a result for every
 * accepted order, none oversold). After a closed-model run, {@link #atHalfOf} is the same at half
 * the rate it reached, open model: the latency target is for that load, not for saturation.
 */
public final class IngressScenario implements Scenario {

    /** The name of the follow-up run at half the rate, in the report and the targets. */
    public static final String HALF_RATE = "ingress-half-rate";

    private final String name;
    private final Optional<Integer> rate;

    /** Closed model unless {@code --rate} is given. */
    public IngressScenario() {
        this("ingress", Optional.empty());
    }

    private IngressScenario(String name, Optional<Integer> rate) {
        this.name = name;
        this.rate = rate;
    }

    /** The follow-up of a closed-model run: open model at half its throughput; empty after an open-model run. */
    public Optional<Scenario> atHalfOf(ScenarioResult measured, BenchContext context) {
        if (rate.isPresent() || context.options().rate().isPresent() || measured.throughput() < 2) {
            return Optional.empty();
        }
        return Optional.of(new IngressScenario(HALF_RATE, Optional.of((int) (measured.throughput() / 2))));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "POST /v1/orders over --items items, counting 202s (closed model unless --rate); then an open-model"
                + " run at half the rate reached (" + HALF_RATE + "); both check a result per accepted order, none"
                + " oversold";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        SurgeTarget target = SurgeTarget.of(context);
        Load load = rate.map(r -> Load.open(r, context.options())).orElseGet(() -> Load.from(context.options()));
        List<String> items = OrderChecks.items(name, context.options().items());
        try (SurgeApi api = new SurgeApi(target.baseUrl(), load.connections());
             OrderResultWatch watch = new OrderResultWatch(target.bootstrapServers(),
                     target.topics().orderResults().name())) {
            OrderChecks.stock(name, api, items, OrderChecks.UNITS_PER_ITEM, context.progress());
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            HttpLoad.Outcome outcome = HttpLoad.run(name, load, status -> status == 202, slot -> {
                SurgeApi.Placed placed = api.placeOrder(OrderChecks.randomOrder(items));
                if (placed.status() == 202) {
                    accepted.add(placed.orderId());
                }
                return placed.status();
            }, context.progress());
            Invariants invariants = OrderChecks.check(name, api, watch, accepted, items, context.progress());
            return new ScenarioResult(name, "req/s", outcome.count(), outcome.seconds(),
                    Optional.of(outcome.latency()), outcome.errors(), Optional.of(invariants),
                    load.describe() + ", " + items.size() + " items");
        }
    }
}
