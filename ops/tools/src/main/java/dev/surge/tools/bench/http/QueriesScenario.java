package dev.surge.tools.bench.http;

import dev.surge.tools.bench.BenchContext;
import dev.surge.tools.bench.Scenario;
import dev.surge.tools.bench.ScenarioResult;
import dev.surge.tools.bench.ScenarioResult.Invariants;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * {@code queries}: with items stocked and orders placed first, half GET /v1/inventory/{item} and
 * half GET /v1/orders/{id} of random ones, counting 200s. On the bench's own single Surge every key
 * is local: this is the query path without forwarding.
 */
public final class QueriesScenario implements Scenario {

    /** Orders placed before the queries, for GET /v1/orders/{id} to find. */
    static final int ORDERS = 1_000;

    @Override
    public String name() {
        return "queries";
    }

    @Override
    public String description() {
        return "GET /v1/inventory/{item} and GET /v1/orders/{id}, half each, over --items items and " + ORDERS
                + " orders placed first (closed model unless --rate); counts 200s";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        SurgeTarget target = SurgeTarget.of(context);
        Load load = Load.from(context.options());
        List<String> items = OrderChecks.items(name(), context.options().items());
        try (SurgeApi api = new SurgeApi(target.baseUrl(), load.connections());
             OrderResultWatch watch = new OrderResultWatch(target.bootstrapServers(),
                     target.topics().orderResults().name())) {
            OrderChecks.stock(name(), api, items, OrderChecks.UNITS_PER_ITEM, context.progress());
            context.progress().printf("  %s: placing %,d orders to query...%n", name(), ORDERS);
            List<String> orders = Collections.synchronizedList(new ArrayList<>());
            Parallel.forEach(IntStream.range(0, ORDERS).boxed().toList(), n -> {
                SurgeApi.Placed placed = api.placeOrder(OrderChecks.randomOrder(items));
                if (placed.status() != 202) {
                    throw new IllegalStateException("POST /v1/orders answered " + placed.status());
                }
                orders.add(placed.orderId());
            });
            // Every order's result is readable before the queries start: a 404 would be a failure.
            Invariants invariants = OrderChecks.check(name(), api, watch, orders, items, context.progress());
            List<String> itemPaths = items.stream().map(item -> "/v1/inventory/" + item).toList();
            List<String> orderPaths = orders.stream().map(id -> "/v1/orders/" + id).toList();
            HttpLoad.Outcome outcome = HttpLoad.run(name(), load, status -> status == 200, slot -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                List<String> half = random.nextBoolean() ? itemPaths : orderPaths;
                return api.get(half.get(random.nextInt(half.size())));
            }, context.progress());
            return new ScenarioResult(name(), "req/s", outcome.count(), outcome.seconds(),
                    Optional.of(outcome.latency()), outcome.errors(), Optional.of(invariants),
                    load.describe() + ", " + items.size() + " items, " + ORDERS + " orders");
        }
    }
}
