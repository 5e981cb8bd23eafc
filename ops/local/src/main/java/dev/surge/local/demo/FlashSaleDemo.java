package dev.surge.local.demo;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.node.kafka.TopicTail;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.schemas.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays a flash sale against a running Surge through its HTTP API: stock is set, buyers send
 * orders (some retried under one Idempotency-Key, some malformed, some willing to wait in line),
 * stock is restocked midway, a few garbage records go straight to Kafka. Buyers whose orders hold
 * units pay, cancel or walk away (their holds expire), and released units serve the line. Once
 * every order has ended, each is read back over HTTP and each item's stock is checked.
 */
public final class FlashSaleDemo implements AutoCloseable {

    /** Results read back over HTTP at once, each a long poll. */
    private static final int READERS = 64;
    /** The items whose stock is read during the sale: the hottest, as the plan skews towards the first. */
    private static final int SAMPLED_ITEMS = 3;
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
    /** Past the longest an order can stay open (a wait, then a hold), how long the demo waits for the end. */
    private static final Duration END_MARGIN = Duration.ofSeconds(30);

    private final DemoClient client;
    private final String bootstrapServers;
    private final Topics topics;
    private final OrderSettings orderSettings;
    private final PrintStream out;

    /** @param orderSettings Surge's: how long holds and waits last, how long a line may grow */
    public FlashSaleDemo(String baseUrl, String bootstrapServers, Topics topics, OrderSettings orderSettings,
                         PrintStream out) {
        if (!orderSettings.reservationsExpire()) {
            throw new IllegalArgumentException("the demo's buyers who walk away need holds that expire:"
                    + " RESERVATION_TTL=0 is set");
        }
        // A connection for each thread that calls at once: the buyers, then the readers; the checkout
        // and the stock sampler alongside.
        FlashSale standard = FlashSale.standard();
        this.client = new DemoClient(baseUrl, Math.max(standard.buyers(), READERS)
                + standard.checkout().concurrency() + 1);
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.orderSettings = orderSettings;
        this.out = out;
    }

    /**
     * Runs the standard sale, then the analytics event stream, and prints both summaries; returns
     * whether every check held, for the caller's exit code.
     */
    public boolean runStandardSale() throws Exception {
        return run(FlashSale.standard(), EventTraffic.standard()).ok();
    }

    /** What one run of the demo saw: the sale's summary and the analytics events' summary. */
    record Outcome(DemoSummary sale, EventSummary events) {

        boolean ok() {
            return sale.ok() && events.ok();
        }
    }

    /**
     * The sale, then the event stream, one after the other so that each summary's latency and
     * throughput are its own: on a two-core box they share the CPU otherwise.
     */
    Outcome run(FlashSale flashSale, EventTraffic traffic) throws Exception {
        DemoSummary sale = sell(flashSale);
        sale.print(out);

        EventStreamDemo events = new EventStreamDemo(client, traffic);
        out.printf("%nAnalytics: %,d events in batches of %d from %,d sessions (%.1f%% retries, %.1f%% late,"
                        + " %.1f%% malformed)%n", traffic.events(), traffic.batchSize(), traffic.sessions(),
                traffic.duplicateShare() * 100, traffic.lateShare() * 100, traffic.malformedShare() * 100);
        try (TopicTail eventsDlq = TopicTail.atEnd(bootstrapServers, topics.eventsDlq().name())) {
            long start = System.nanoTime();
            events.send();
            out.printf("  sent in %.1f s; reading today's event metrics back over HTTP...%n",
                    (System.nanoTime() - start) / 1e9);
            EventSummary analytics = events.summarize(eventsDlq, start);
            analytics.print(out);
            return new Outcome(sale, analytics);
        }
    }

    private DemoSummary sell(FlashSale sale) throws Exception {
        FlashSale.Checkout checkout = sale.checkout();
        out.printf("Flash sale: %d items x %d units, %,d orders from %,d users and %d bots, %d concurrent buyers%n",
                sale.items(), sale.unitsPerItem(), sale.orders(), sale.users(), sale.bots(), sale.buyers());
        out.printf(Locale.ROOT, "Checkout: a hold lasts %s (RESERVATION_TTL), a place in line %s (WAITLIST_TTL, up to"
                        + " %,d per item);%n  %.0f%% of the orders ask to wait when sold out; a buyer with a hold pays"
                        + " (%.0f%%) or cancels (%.0f%%) within %s, or walks away (%.0f%%)%n",
                human(orderSettings.reservationTtl()), human(orderSettings.waitlistTtl()),
                orderSettings.waitlistMaxPerItem(), checkout.waitlistShare() * 100, checkout.payShare() * 100,
                checkout.cancelShare() * 100, human(checkout.maxDelay()), checkout.walkShare() * 100);
        for (int i = 0; i < sale.items(); i++) {
            client.setStock(sale.item(i), sale.unitsPerItem());
        }
        awaitStockVisible(sale);
        try (TopicTail dlq = TopicTail.atEnd(bootstrapServers, topics.ordersDlq().name())) {
            sendGarbage(sale.garbageRecords());
            Tally tally = buy(sale);
            long deadLettered = dlq.count(record -> true, sale.garbageRecords(), Duration.ofSeconds(30));
            return summarize(sale, tally, deadLettered);
        }
    }

    /** Counters the buyers share, and what the watcher, the checkout and the sampler saw. */
    private static final class Tally {
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
    }

    /**
     * Buyers only send: each waits for its 202, not for the result, as a browser would. Results
     * are timed by the watcher, which also hands each new hold to the checkout, where its buyer
     * pays, cancels or walks away. The sale is over when every accepted order has ended; then each
     * is read back over HTTP.
     */
    private Tally buy(FlashSale sale) throws Exception {
        List<FlashSale.PlannedOrder> plan = sale.plan();
        Tally tally = new Tally();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean restocked = new AtomicBoolean();
        Checkout checkout = new Checkout(client, sale.checkout().concurrency());
        List<String> sampled = IntStream.range(0, Math.min(SAMPLED_ITEMS, sale.items())).mapToObj(sale::item).toList();
        try (ResultWatcher watcher = new ResultWatcher(bootstrapServers, topics.orderResults().name(),
                checkout::onResult);
             InventorySampler sampler = new InventorySampler(client, sampled, SAMPLE_EVERY)) {
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            AtomicInteger ticks = new AtomicInteger();
            progress.scheduleAtFixedRate(() -> {
                // Every second while orders go out, then every five while the holds and the lines end.
                if (tally.done.get() < plan.size() || ticks.incrementAndGet() % 5 == 0) {
                    printProgress(tally, watcher, plan.size(), start);
                }
            }, 1, 1, TimeUnit.SECONDS);
            List<Future<?>> buyerRuns = new ArrayList<>();
            try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int b = 0; b < sale.buyers(); b++) {
                    buyerRuns.add(buyers.submit(() -> {
                        for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                            if (i >= plan.size() / 2 && restocked.compareAndSet(false, true)) {
                                restockAll(sale);
                            }
                            buyOne(plan.get(i), tally, watcher, checkout);
                            tally.done.incrementAndGet();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> run : buyerRuns) {
                run.get(); // a failed restock fails the demo
            }
            tally.missing = watcher.awaitAll(tally.accepted, Duration.ofSeconds(60));
            tally.elapsedNanos = watcher.lastFirstVisibleAt() - start;
            printProgress(tally, watcher, plan.size(), start);
            out.printf("  every order decided after %.1f s; waiting for the holds and the lines to end...%n",
                    tally.elapsedNanos / 1e9);
            // The longest an order stays open: it waits in line almost WAITLIST_TTL, then holds its units.
            Duration longest = orderSettings.waitlistTtl().plus(orderSettings.reservationTtl()).plus(END_MARGIN);
            watcher.awaitFinal(tally.accepted, longest);
            checkout.close();
            progress.shutdownNow();
            printProgress(tally, watcher, plan.size(), start);
            tally.saleOverNanos = watcher.lastVisibleAt() - start;
            tally.latencyMicros = watcher.latencyMicros();
            tally.calls = checkout.calls();
            for (String orderId : tally.accepted) {
                ResultWatcher.History history = watcher.history(orderId);
                if (history != null) {
                    tally.histories.put(orderId, history);
                }
            }
            if (watcher.unreadable() > 0) {
                out.printf("  %,d records on %s were not order results%n", watcher.unreadable(),
                        topics.orderResults().name());
            }
            sampler.close();
            tally.samples = sampler.samples();
            tally.sampledOversold = sampler.worstOversold();
        }
        readBack(tally);
        return tally;
    }

    private void buyOne(FlashSale.PlannedOrder order, Tally tally, ResultWatcher watcher, Checkout checkout) {
        try {
            String key = order.retried() ? UUID.randomUUID().toString() : null;
            for (int attempt = 0; attempt < (order.retried() ? 2 : 1); attempt++) {
                DemoClient.Placed placed = client.placeOrder(order.body(), key);
                tally.sent.increment();
                if (placed.status() != 202) {
                    tally.refusedByStatus.computeIfAbsent(placed.status(), s -> new LongAdder()).increment();
                    continue;
                }
                if (placed.replayed()) {
                    tally.replayed.increment();
                }
                watcher.accepted(placed.orderId(), System.nanoTime());
                tally.accepted.add(placed.orderId());
                checkout.placed(placed.orderId(), order);
            }
        } catch (Exception e) {
            out.println("  buyer error on order " + order.index() + ": " + e);
        }
    }

    /**
     * Every accepted order's result, as a client reads it: GET /v1/orders/{id}. The order-status
     * table may trail order-results by a moment: a result that is not yet the last one seen there
     * is read again, for up to a few seconds.
     */
    private void readBack(Tally tally) throws Exception {
        out.printf("  reading %,d results back over HTTP...%n", tally.accepted.size());
        Semaphore inFlight = new Semaphore(READERS);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String orderId : tally.accepted) {
                inFlight.acquire();
                readers.submit(() -> {
                    try {
                        ResultWatcher.History seen = tally.histories.get(orderId);
                        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                        OrderResult result = client.awaitResult(orderId);
                        while (result != null && seen != null && result.status() != seen.last().status()
                                && System.nanoTime() < deadline) {
                            Thread.sleep(100);
                            result = client.awaitResult(orderId);
                        }
                        if (result != null) {
                            tally.results.put(orderId, result);
                        }
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
    }

    private void restockAll(FlashSale sale) {
        try {
            for (int i = 0; i < sale.items(); i++) {
                client.restock(sale.item(i), sale.restockUnits());
            }
            out.printf("  halfway: restocked every item with %d units%n", sale.restockUnits());
        } catch (Exception e) {
            // The oversell check counts the restock as supplied: without it the run proves nothing.
            throw new IllegalStateException("the halfway restock failed: " + e.getMessage(), e);
        }
    }

    private void printProgress(Tally tally, ResultWatcher watcher, int planned, long start) {
        double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        long[] open = watcher.open();
        out.printf("  %6.1fs  orders %,6d/%,d  accepted %,6d  results visible %,6d  held %,5d  in line %,5d"
                        + "  confirmed %,5d  %,6.0f orders/s%n", seconds, tally.done.get(), planned,
                tally.accepted.size(), watcher.visible(), open[0], open[1], watcher.ended(OrderStatus.CONFIRMED),
                tally.done.get() / seconds);
    }

    private DemoSummary summarize(FlashSale sale, Tally tally, long deadLettered) throws Exception {
        // From order-results: where each accepted order has been and how it ended.
        Map<OrderStatus, Long> ended = new EnumMap<>(OrderStatus.class);
        long reserved = 0;
        long waitlisted = 0;
        long served = 0;
        long waitlistExpired = 0;
        long readBackDisagrees = 0;
        Map<String, Long> confirmedByItem = new HashMap<>();
        for (Map.Entry<String, ResultWatcher.History> entry : tally.histories.entrySet()) {
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
            OrderResult read = tally.results.get(entry.getKey());
            if (read != null && read.status() != last.status()) {
                readBackDisagrees++;
            }
        }
        long missing = Math.max(tally.missing, tally.accepted.size() - Math.min(tally.histories.size(),
                tally.results.size()));
        long stillOpen = ended.getOrDefault(OrderStatus.RESERVED, 0L) + ended.getOrDefault(OrderStatus.WAITLISTED, 0L);
        DemoSummary.Orders orders = new DemoSummary.Orders(reserved, ended.getOrDefault(OrderStatus.CONFIRMED, 0L),
                ended.getOrDefault(OrderStatus.CANCELLED, 0L), ended.getOrDefault(OrderStatus.EXPIRED, 0L),
                waitlisted, served, waitlistExpired, ended.getOrDefault(OrderStatus.SOLD_OUT, 0L),
                ended.getOrDefault(OrderStatus.REJECTED, 0L), ended.getOrDefault(OrderStatus.DUPLICATE, 0L),
                missing, stillOpen, readBackDisagrees);

        // From the inventory store, item by item: the results' figures must be its figures.
        long confirmedByResults = 0;
        long confirmedByInventory = 0;
        long held = 0;
        long waiting = 0;
        long available = 0;
        long notAddingUp = 0;
        long oversold = tally.sampledOversold;
        for (int i = 0; i < sale.items(); i++) {
            String item = sale.item(i);
            long itemSupply = sale.unitsPerItem() + sale.restockUnits();
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
                tally.samples + sale.items());

        DemoSummary.Edge edge = new DemoSummary.Edge(tally.replayed.sum(), refused(tally, 429), refused(tally, 409),
                refused(tally, 400), tally.refusedByStatus.entrySet().stream()
                        .filter(e -> !Set.of(400, 409, 429).contains(e.getKey()))
                        .mapToLong(e -> e.getValue().sum()).sum());
        return new DemoSummary(tally.sent.sum(), tally.accepted.size(), edge, orders, tally.calls, stock,
                deadLettered, Duration.ofNanos(tally.elapsedNanos), Duration.ofNanos(tally.saleOverNanos),
                tally.latencyMicros.getValueAtPercentile(50) / 1000.0,
                tally.latencyMicros.getValueAtPercentile(99) / 1000.0);
    }

    /** 500 ms, 5 s, 1.5 s, 10 min. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000 || ms % 60_000 != 0) {
            return ms % 1_000 == 0 ? ms / 1_000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return ms / 60_000 + " min";
    }

    private static long refused(Tally tally, int status) {
        LongAdder count = tally.refusedByStatus.get(status);
        return count == null ? 0 : count.sum();
    }

    private void awaitStockVisible(FlashSale sale) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int i = 0; i < sale.items(); i++) {
            while (true) {
                InventoryLevel level = client.inventory(sale.item(i));
                if (level != null && level.available() == sale.unitsPerItem()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("stock of " + sale.item(i) + " never became visible");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Records any producer might write: not JSON, wrong key, schema violations. */
    private void sendGarbage(int count) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String value = switch (i % 3) {
                    case 0 -> "garbage #" + i;
                    case 1 -> "{\"user_id\":\"kcat\",\"item_id\":\"sku-1\",\"quantity\":1}";
                    default -> "{\"user_id\":\"kcat\",\"item_id\":\"sku-1\",\"quantity\":-5}";
                };
                String key = i % 3 == 1 ? "sku-2" : "sku-1";
                producer.send(new ProducerRecord<>(topics.orders().name(), key.getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
