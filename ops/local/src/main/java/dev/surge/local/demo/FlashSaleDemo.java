package dev.surge.local.demo;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.node.kafka.TopicTail;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays a flash sale against a running Surge through its HTTP API: stock is set, buyers send
 * orders (some retried under one Idempotency-Key, some malformed, some willing to wait in line),
 * at the sale's pace or as fast as they go, stock is restocked along the way, a few garbage
 * records go straight to Kafka. Buyers whose orders hold
 * units pay, cancel or walk away (their holds expire), and released units serve the line. Once
 * every order has ended, each is read back over HTTP and each item's stock is checked.
 */
public final class FlashSaleDemo implements AutoCloseable {

    /** Results read back over HTTP at once, each a long poll. */
    private static final int READERS = 64;
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
        // A connection for each thread that calls at once, at either pace: the buyers, then the
        // readers; the checkout, the stock sampler and (when paced) the event senders alongside.
        int connections = 0;
        for (DemoPace pace : DemoPace.values()) {
            connections = Math.max(connections, Math.max(pace.sale().buyers(), READERS)
                    + pace.sale().checkout().concurrency() + 1 + pace.traffic().senders());
        }
        this.client = new DemoClient(baseUrl, connections);
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.orderSettings = orderSettings;
        this.out = out;
    }

    /**
     * Runs the pace's sale and analytics event stream and prints both summaries; returns whether
     * every check held, for the caller's exit code.
     */
    public boolean run(DemoPace pace) throws Exception {
        return run(pace.sale(), pace.traffic()).ok();
    }

    /** What one run of the demo saw: the sale's summary and the analytics events' summary. */
    record Outcome(DemoSummary sale, EventSummary events) {

        boolean ok() {
            return sale.ok() && events.ok();
        }
    }

    /**
     * The sale and the event stream. Paced traffic (watch pace) goes out alongside the sale, so that
     * the metrics grow while one watches; at speed the stream follows the sale, so that each
     * summary's latency and throughput are its own: on a two-core box they share the CPU otherwise.
     */
    Outcome run(FlashSale flashSale, EventTraffic traffic) throws Exception {
        EventStreamDemo events = new EventStreamDemo(client, traffic);
        boolean alongside = traffic.paced();
        ExecutorService eventSender = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("demo-events").daemon().factory());
        try (TopicTail eventsDlq = TopicTail.atEnd(bootstrapServers, topics.eventsDlq().name())) {
            // The stock first: the paced events start with the orders, not while the stock is set.
            prepare(flashSale);
            long eventsStart = System.nanoTime();
            Future<?> sending = null;
            if (alongside) {
                out.printf(Locale.ROOT, "Analytics alongside: a batch of %d events every %s%n", traffic.batchSize(),
                        human(traffic.batchEvery()));
                sending = eventSender.submit(() -> {
                    events.send();
                    return null;
                });
            }
            DemoSummary sale = sell(flashSale, alongside ? events::accepted : null);
            sale.print(out);

            out.printf("%nAnalytics: %,d events in batches of %d from %,d sessions (%.1f%% retries, %.1f%% late,"
                            + " %.1f%% malformed)%s%n", traffic.events(), traffic.batchSize(), traffic.sessions(),
                    traffic.duplicateShare() * 100, traffic.lateShare() * 100, traffic.malformedShare() * 100,
                    alongside ? ", sent alongside the sale" : "");
            if (alongside) {
                sending.get();
            } else {
                eventsStart = System.nanoTime();
                events.send();
            }
            out.printf("  sent in %.1f s; reading today's event metrics back over HTTP...%n",
                    events.sendingTime().toMillis() / 1000.0);
            EventSummary analytics = events.summarize(eventsDlq, eventsStart);
            analytics.print(out);
            return new Outcome(sale, analytics);
        } finally {
            // Stopped midway (Ctrl-C during a watched sale), the paced senders stop too.
            eventSender.shutdownNow();
        }
    }

    /** Prints the sale's shape and sets every item's stock. */
    private void prepare(FlashSale sale) throws Exception {
        FlashSale.Checkout checkout = sale.checkout();
        out.printf("Flash sale: %d items x %d units, %,d orders from %,d users and %d bot%s, %d concurrent buyers%n",
                sale.items(), sale.unitsPerItem(), sale.orders(), sale.users(), sale.bots(), sale.bots() == 1 ? "" : "s",
                sale.buyers());
        // Whole seconds: a pace of 1/60 s per order makes 150 s come out as 149.99.
        Duration restockEvery = sale.sendingTime().dividedBy(sale.restocks() + 1);
        out.printf(Locale.ROOT, "Pace: %s; %s%n", sale.paced()
                        ? String.format(Locale.ROOT, "%.0f orders/s for %s", 1e9 / sale.orderEvery().toNanos(),
                        human(Duration.ofSeconds(Math.round(sale.sendingTime().toMillis() / 1000.0))))
                        : "as fast as the buyers go",
                sale.restocks() == 1 ? "every item restocked with " + sale.restockUnits() + " units halfway"
                        : String.format(Locale.ROOT, "every item restocked with %d units %d times, every %s",
                        sale.restockUnits(), sale.restocks(),
                        human(Duration.ofSeconds(Math.round(restockEvery.toMillis() / 1000.0)))));
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
    }

    private DemoSummary sell(FlashSale sale, LongSupplier eventsAccepted) throws Exception {
        try (TopicTail dlq = TopicTail.atEnd(bootstrapServers, topics.ordersDlq().name())) {
            sendGarbage(sale.garbageRecords());
            SaleTally tally = buy(sale, eventsAccepted);
            long deadLettered = dlq.count(record -> true, sale.garbageRecords(), Duration.ofSeconds(30));
            return tally.summarize(sale, client, deadLettered);
        }
    }

    /**
     * Buyers only send: each waits for its 202, not for the result, as a browser would. Results
     * are timed by the watcher, which also hands each new hold to the checkout, where its buyer
     * pays, cancels or walks away. The sale is over when every accepted order has ended; then each
     * is read back over HTTP.
     */
    private SaleTally buy(FlashSale sale, LongSupplier eventsAccepted) throws Exception {
        List<FlashSale.PlannedOrder> plan = sale.plan();
        SaleTally tally = new SaleTally();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger restocked = new AtomicInteger();
        Checkout checkout = new Checkout(client, sale.checkout().concurrency());
        long start = System.nanoTime();
        try (ResultWatcher watcher = new ResultWatcher(bootstrapServers, topics.orderResults().name(),
                checkout::onResult);
             InventorySampler sampler = new InventorySampler(client, sale.sampledItems(), SAMPLE_EVERY);
             SaleProgress progress = new SaleProgress(sale, tally, watcher, sampler, eventsAccepted, out, start)) {
            List<Future<?>> buyerRuns = new ArrayList<>();
            try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int b = 0; b < sale.buyers(); b++) {
                    buyerRuns.add(buyers.submit(() -> {
                        for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                            DemoPace.sleepUntil(start, sale.sendAt(i));
                            // One buyer makes each restock that is due; the others go on buying.
                            for (int done = restocked.get(); done < sale.restocksDueBefore(i); done = restocked.get()) {
                                if (restocked.compareAndSet(done, done + 1)) {
                                    restockAll(sale, done + 1, start);
                                }
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
            progress.print();
            out.printf("  every order decided after %.1f s; waiting for the holds and the lines to end...%n",
                    tally.elapsedNanos / 1e9);
            // The longest an order stays open: it waits in line almost WAITLIST_TTL, then holds its units.
            Duration longest = orderSettings.waitlistTtl().plus(orderSettings.reservationTtl()).plus(END_MARGIN);
            watcher.awaitFinal(tally.accepted, longest);
            checkout.close();
            progress.close();
            progress.print();
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

    private void buyOne(FlashSale.PlannedOrder order, SaleTally tally, ResultWatcher watcher, Checkout checkout) {
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
        } catch (InterruptedException e) {
            // The demo is stopping (Ctrl-C): the buyer leaves quietly.
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
                out.println("  buyer error on order " + order.index() + ": " + e);
            }
        }
    }

    /**
     * Every accepted order's result, as a client reads it: GET /v1/orders/{id}. The order-status
     * table may trail order-results by a moment: a result that is not yet the last one seen there
     * is read again, for up to a few seconds.
     */
    private void readBack(SaleTally tally) throws Exception {
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

    /** Restock {@code number} of the sale's; the one restock of a fast sale is its halfway mark. */
    private void restockAll(FlashSale sale, int number, long start) {
        String which = sale.restocks() == 1 ? "halfway" : "restock " + number + " of " + sale.restocks();
        try {
            for (int i = 0; i < sale.items(); i++) {
                client.restock(sale.item(i), sale.restockUnits());
            }
            if (sale.paced()) {
                out.printf(Locale.ROOT, "  %4.0fs  %s: every item +%d units%n", (System.nanoTime() - start) / 1e9,
                        which, sale.restockUnits());
            } else {
                out.printf("  %s: restocked every item with %d units%n", which, sale.restockUnits());
            }
        } catch (Exception e) {
            // The oversell check counts every restock as supplied: without one the run proves nothing.
            throw new IllegalStateException("the " + which + " restock failed: " + e.getMessage(), e);
        }
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
