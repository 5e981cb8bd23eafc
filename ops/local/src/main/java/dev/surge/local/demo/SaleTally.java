package dev.surge.local.demo;

import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Counters the buyers share, and what the watcher, the checkout and the sampler saw; once the
 * sale is over, the summary they and each item's stock over HTTP add up to.
 */
final class SaleTally {
    final LongAdder sent = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final Map<Integer, LongAdder> refusedByStatus = new ConcurrentHashMap<>();
    final AtomicInteger done = new AtomicInteger();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Map<String, OrderResult> results = new ConcurrentHashMap<>();
    final Map<String, ResultWatcher.History> histories = new HashMap<>();
    long missing;
    long elapsedNanos;
    long saleOverNanos;
    Histogram latencyMicros;
    Checkout.Calls calls;
    long samples;
    long sampledOversold;

    /** The sale's summary: the results' figures, checked against each item's stock read over HTTP. */
    DemoSummary summarize(FlashSale sale, DemoClient client, long deadLettered) throws Exception {
        // From order-results: where each accepted order has been and how it ended.
        Map<OrderStatus, Long> ended = new EnumMap<>(OrderStatus.class);
        long reserved = 0;
        long waitlisted = 0;
        long served = 0;
        long waitlistExpired = 0;
        long readBackDisagrees = 0;
        Map<String, Long> confirmedByItem = new HashMap<>();
        for (Map.Entry<String, ResultWatcher.History> entry : histories.entrySet()) {
            ResultWatcher.History h = entry.getValue();
            OrderResult last = h.last();
            reserved += h.reserved() ? 1 : 0;
            waitlisted += h.waitlisted() ? 1 : 0;
            served += h.servedFromWaitlist() ? 1 : 0;
            if (last.status() == OrderStatus.SOLD_OUT && OrderResult.WAITLIST_EXPIRED.equals(last.reason())) {
                waitlistExpired++;
            } else {
                ended.merge(last.status(), 1L, Long::sum);
            }
            if (last.status() == OrderStatus.CONFIRMED) {
                confirmedByItem.merge(last.itemId(), (long) last.quantity(), Long::sum);
            }
            // The second witness: what a client reads over HTTP.
            OrderResult read = results.get(entry.getKey());
            if (read != null && read.status() != last.status()) {
                readBackDisagrees++;
            }
        }
        long withoutResult = Math.max(missing, accepted.size() - Math.min(histories.size(),
                results.size()));
        long stillOpen = ended.getOrDefault(OrderStatus.RESERVED, 0L) + ended.getOrDefault(OrderStatus.WAITLISTED, 0L);
        DemoSummary.Orders orders = new DemoSummary.Orders(reserved, ended.getOrDefault(OrderStatus.CONFIRMED, 0L),
                ended.getOrDefault(OrderStatus.CANCELLED, 0L), ended.getOrDefault(OrderStatus.EXPIRED, 0L),
                waitlisted, served, waitlistExpired, ended.getOrDefault(OrderStatus.SOLD_OUT, 0L),
                ended.getOrDefault(OrderStatus.REJECTED, 0L), ended.getOrDefault(OrderStatus.DUPLICATE, 0L),
                withoutResult, stillOpen, readBackDisagrees);

        // From the inventory store, item by item: the results' figures must be its figures.
        long confirmedByResults = 0;
        long confirmedByInventory = 0;
        long held = 0;
        long waiting = 0;
        long available = 0;
        long notAddingUp = 0;
        long oversold = sampledOversold;
        for (int i = 0; i < sale.items(); i++) {
            String item = sale.item(i);
            long itemSupply = sale.suppliedPerItem();
            long itemConfirmed = confirmedByItem.getOrDefault(item, 0L);
            confirmedByResults += itemConfirmed;
            oversold = Math.max(oversold, itemConfirmed - itemSupply);
            InventoryLevel level = client.inventory(item);
            if (level == null) {
                notAddingUp++;
                continue;
            }
            oversold = Math.max(oversold, level.reserved() + level.confirmed() - level.supplied());
            confirmedByInventory += level.confirmed();
            held += level.reserved();
            waiting += level.waitlisted();
            available += level.available();
            if (level.confirmed() != itemConfirmed || level.available() + level.confirmed() != level.supplied()
                    || level.supplied() != itemSupply) {
                notAddingUp++;
            }
        }
        DemoSummary.Stock stock = new DemoSummary.Stock(sale.unitsSupplied(), confirmedByResults,
                confirmedByInventory, held, waiting, available, notAddingUp, oversold,
                samples + sale.items());

        DemoSummary.Edge edge = new DemoSummary.Edge(replayed.sum(), refused(429), refused(409),
                refused(400), refusedByStatus.entrySet().stream()
                        .filter(e -> !Set.of(400, 409, 429).contains(e.getKey()))
                        .mapToLong(e -> e.getValue().sum()).sum());
        return new DemoSummary(sent.sum(), accepted.size(), edge, orders, calls, stock,
                deadLettered, Duration.ofNanos(elapsedNanos), Duration.ofNanos(saleOverNanos),
                latencyMicros.getValueAtPercentile(50) / 1000.0,
                latencyMicros.getValueAtPercentile(99) / 1000.0);
    }


    private long refused(int status) {
        LongAdder count = refusedByStatus.get(status);
        return count == null ? 0 : count.sum();
    }

}
