package dev.surge.tools.bench.http;

import dev.surge.tools.bench.ScenarioResult.Invariants;
import dev.surge.schemas.InventoryLevel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * The items an HTTP order scenario sells, stocked over the API first, the orders it sends, and the
 * order invariants checked over the API and order-results once it is done.
 */
final class OrderChecks {

    /**
     * Few enough that a run of the default length sells out (1,000 items: 50,000 units for the
     * 40 s of an ingress or e2e run): orders take both the reserve and the sold-out path.
     */
    static final long UNITS_PER_ITEM = 50;
    /** How long to wait for the next result (or stock change) before calling the rest missing. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Buyers the orders spread over; the bench's Surge has no per-user limit. */
    static final int USERS = 10_000;

    private OrderChecks() {
    }

    /** One unit of a random item for a random buyer, as POST /v1/orders takes it. */
    static byte[] randomOrder(List<String> items) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ("{\"user_id\":\"user-" + random.nextInt(USERS) + "\",\"item_id\":\""
                + items.get(random.nextInt(items.size())) + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
    }

    /** The ids of a scenario's items: its own, so that scenarios sharing a Surge do not share stock. */
    static List<String> items(String scenario, int count) {
        return IntStream.range(0, count).mapToObj(i -> "bench-" + scenario + "-" + i).toList();
    }

    /** Sets every item's stock, then waits until the topology shows it. */
    static void stock(String scenario, SurgeApi api, List<String> items, long units, PrintStream progress)
            throws Exception {
        progress.printf("  %s: stocking %,d items with %d units each...%n", scenario, items.size(), units);
        Parallel.forEach(items, item -> api.setStock(item, units));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Parallel.forEach(items, item -> {
            while (api.inventory(item).map(InventoryLevel::available).orElse(-1L) != units) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the stock of " + item + " did not show within " + PATIENCE);
                }
                Thread.sleep(50);
            }
        });
    }

    /**
     * Waits for the results of the {@code accepted} orders, then counts: units reserved beyond what
     * was supplied, accepted orders with no result, and those with more than one.
     */
    static Invariants check(String scenario, SurgeApi api, OrderResultWatch watch, Collection<String> accepted,
                            List<String> items, PrintStream progress) throws Exception {
        progress.printf("  %s: checking a result for each of %,d accepted orders, no item oversold...%n", scenario,
                accepted.size());
        long missing = watch.awaitAll(accepted, PATIENCE, scenario, progress);
        long duplicates = accepted.stream().map(watch::seen).filter(s -> s != null && s.results() > 1).count();
        LongAdder oversold = new LongAdder();
        Parallel.forEach(items, item -> {
            Optional<InventoryLevel> level = api.inventory(item);
            level.ifPresent(l -> oversold.add(Math.max(0, l.reserved() - l.supplied())));
        });
        return new Invariants(oversold.sum(), missing, duplicates);
    }
}
