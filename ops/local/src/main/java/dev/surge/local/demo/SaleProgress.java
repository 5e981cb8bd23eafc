package dev.surge.local.demo;

import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.OrderStatus;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The sale's progress lines. At speed: one a second while orders go out (throughput is the story),
 * then one every five while the holds and the lines end. At watch pace: one every few seconds,
 * with what a person follows: the orders' recent rate, holds and how they ended, the stock left
 * and the items sold out, and the events sent alongside.
 */
final class SaleProgress implements AutoCloseable {

    private final FlashSale sale;
    private final SaleTally tally;
    private final ResultWatcher watcher;
    private final InventorySampler sampler;
    /** Events accepted so far by a stream running alongside the sale; null when none does. */
    private final LongSupplier events;
    private final PrintStream out;
    private final long start;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("demo-progress").daemon().factory());
    private final AtomicInteger ticks = new AtomicInteger();
    private long lastDone;
    private long lastAt;

    SaleProgress(FlashSale sale, SaleTally tally, ResultWatcher watcher, InventorySampler sampler,
                 LongSupplier events, PrintStream out, long start) {
        this.sale = sale;
        this.tally = tally;
        this.watcher = watcher;
        this.sampler = sampler;
        this.events = events;
        this.out = out;
        this.start = start;
        this.lastAt = start;
        long every = sale.progressEvery().toMillis();
        timer.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        // At speed, every fifth tick once the orders are out: the ending takes tens of seconds.
        if (sale.paced() || tally.done.get() < sale.orders() || ticks.incrementAndGet() % 5 == 0) {
            print();
        }
    }

    synchronized void print() {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - start) / 1e9);
        long[] open = watcher.open();
        int done = tally.done.get();
        if (!sale.paced()) {
            out.printf("  %6.1fs  orders %,6d/%,d  accepted %,6d  results visible %,6d  held %,5d  in line %,5d"
                            + "  confirmed %,5d  %,6.0f orders/s%n", seconds, done, sale.orders(),
                    tally.accepted.size(), watcher.visible(), open[0], open[1], watcher.ended(OrderStatus.CONFIRMED),
                    done / seconds);
            return;
        }
        double recentRate = (done - lastDone) / Math.max(0.001, (now - lastAt) / 1e9);
        lastDone = done;
        lastAt = now;
        out.printf(Locale.ROOT, "  %4.0fs  orders %,5d/%,d %4.0f/s  held %,4d  in line %,4d  confirmed %,5d"
                        + "  cancelled %,4d  expired %,4d  %s%s%n", seconds, done, sale.orders(), recentRate, open[0],
                open[1], watcher.ended(OrderStatus.CONFIRMED), watcher.ended(OrderStatus.CANCELLED),
                watcher.ended(OrderStatus.EXPIRED), stock(sampler.latest()),
                events == null ? "" : String.format(Locale.ROOT, "  events %,d", events.getAsLong()));
    }

    /** "stock 1,234 left, 3/10 sold out" from the latest answer per item (empty before any). */
    static String stock(Collection<InventoryLevel> levels) {
        if (levels.isEmpty()) {
            return "stock -";
        }
        long left = levels.stream().mapToLong(InventoryLevel::available).sum();
        long soldOut = levels.stream().filter(l -> l.available() <= 0).count();
        return String.format(Locale.ROOT, "stock %,d left, %d/%d sold out", left, soldOut, levels.size());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
