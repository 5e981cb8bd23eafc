package dev.surge.tools.bench.http;

import dev.surge.tools.bench.BenchContext;
import dev.surge.tools.bench.Scenario;
import dev.surge.tools.bench.ScenarioResult;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * {@code e2e}: orders at a constant rate (open model), each one's latency from when it was due
 * until its result is readable on order-results (read_committed, as the order-status table reads
 * it). An order whose POST had to wait for a connection carries that wait too.
 */
public final class EndToEndScenario implements Scenario {

    /** The rate of the latency target. */
    public static final int DEFAULT_RATE = 5_000;

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String description() {
        return "POST /v1/orders at a constant rate (open model, --rate, default " + DEFAULT_RATE + "/s); latency from"
                + " each order's due time until its result is readable on order-results; then the order invariants";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        SurgeTarget target = SurgeTarget.of(context);
        Load load = Load.open(context.options().rate().orElse(DEFAULT_RATE), context.options());
        List<String> items = OrderChecks.items(name(), context.options().items());
        try (SurgeApi api = new SurgeApi(target.baseUrl(), load.connections());
             OrderResultWatch watch = new OrderResultWatch(target.bootstrapServers(),
                     target.topics().orderResults().name())) {
            OrderChecks.stock(name(), api, items, OrderChecks.UNITS_PER_ITEM, context.progress());
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            Map<String, Long> measuredDue = new ConcurrentHashMap<>();
            HttpLoad.Outcome posts = HttpLoad.run(name(), load, status -> status == 202, slot -> {
                SurgeApi.Placed placed = api.placeOrder(OrderChecks.randomOrder(items));
                if (placed.status() == 202) {
                    accepted.add(placed.orderId());
                    if (slot.measured()) {
                        measuredDue.put(placed.orderId(), slot.dueNanos());
                    }
                }
                return placed.status();
            }, context.progress());
            Invariants invariants = OrderChecks.check(name(), api, watch, accepted, items, context.progress());
            Histogram latency = new Histogram(3);
            measuredDue.forEach((orderId, due) -> {
                OrderResultWatch.Seen seen = watch.seen(orderId);
                if (seen != null) {
                    latency.recordValue(Math.max(0, (seen.firstAt() - due) / 1000));
                }
            });
            return new ScenarioResult(name(), "orders/s", latency.getTotalCount(), posts.seconds(),
                    Optional.of(latency), posts.errors(), Optional.of(invariants),
                    load.describe() + ", " + items.size() + " items");
        }
    }
}
