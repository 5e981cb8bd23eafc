package dev.surge.local.demo;

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
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays a flash sale against a running Surge through its HTTP API: stock is set, buyers send
 * orders (some retried under one Idempotency-Key, some malformed), stock is restocked midway, a
 * few garbage records go straight to Kafka. Every accepted order is then read back over HTTP.
 */
public final class FlashSaleDemo implements AutoCloseable {

    /** Results read back over HTTP at once, each a long poll. */
    private static final int READERS = 64;

    private final DemoClient client;
    private final String bootstrapServers;
    private final Topics topics;
    private final PrintStream out;

    public FlashSaleDemo(String baseUrl, String bootstrapServers, Topics topics, PrintStream out) {
        // A connection for each thread that calls at once: the buyers, then the readers.
        this.client = new DemoClient(baseUrl, Math.max(FlashSale.standard().buyers(), READERS));
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
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
            return sale.unitsOversold() == 0 && sale.missingResults() == 0 && events.ok();
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
        out.printf("Flash sale: %d items x %d units, %,d orders from %,d users and %d bots, %d concurrent buyers%n",
                sale.items(), sale.unitsPerItem(), sale.orders(), sale.users(), sale.bots(), sale.buyers());
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

    /** Counters the buyers share. */
    private static final class Tally {
        final LongAdder sent = new LongAdder();
        final LongAdder replayed = new LongAdder();
        final Map<Integer, LongAdder> refusedByStatus = new ConcurrentHashMap<>();
        final AtomicInteger done = new AtomicInteger();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final Map<String, OrderResult> results = new ConcurrentHashMap<>();
        long missing;
        long elapsedNanos;
        Histogram latencyMicros;
    }

    /**
     * Buyers only send: each waits for its 202, not for the result, as a browser would. Results
     * are timed by the watcher and read back over HTTP once the sale is over.
     */
    private Tally buy(FlashSale sale) throws Exception {
        List<FlashSale.PlannedOrder> plan = sale.plan();
        Tally tally = new Tally();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean restocked = new AtomicBoolean();
        try (ResultWatcher watcher = new ResultWatcher(bootstrapServers, topics.orderResults().name())) {
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            progress.scheduleAtFixedRate(() -> printProgress(tally, watcher, plan.size(), start), 1, 1,
                    TimeUnit.SECONDS);
            List<Future<?>> buyerRuns = new ArrayList<>();
            try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int b = 0; b < sale.buyers(); b++) {
                    buyerRuns.add(buyers.submit(() -> {
                        for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                            if (i >= plan.size() / 2 && restocked.compareAndSet(false, true)) {
                                restockAll(sale);
                            }
                            buyOne(plan.get(i), tally, watcher);
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
            progress.shutdownNow();
            printProgress(tally, watcher, plan.size(), start);
            tally.elapsedNanos = watcher.lastVisibleAt() - start;
            tally.latencyMicros = watcher.latencyMicros();
        }
        readBack(tally);
        return tally;
    }

    private void buyOne(FlashSale.PlannedOrder order, Tally tally, ResultWatcher watcher) {
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
            }
        } catch (Exception e) {
            out.println("  buyer error on order " + order.index() + ": " + e);
        }
    }

    /** Every accepted order's result, as a client reads it: GET /v1/orders/{id}. */
    private void readBack(Tally tally) throws Exception {
        out.printf("  reading %,d results back over HTTP...%n", tally.accepted.size());
        Semaphore inFlight = new Semaphore(READERS);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String orderId : tally.accepted) {
                inFlight.acquire();
                readers.submit(() -> {
                    try {
                        OrderResult result = client.awaitResult(orderId);
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
        out.printf("  %6.1fs  orders %,6d/%,d  accepted %,6d  results visible %,6d  %,6.0f orders/s%n", seconds,
                tally.done.get(), planned, tally.accepted.size(), watcher.visible(), tally.done.get() / seconds);
    }

    private DemoSummary summarize(FlashSale sale, Tally tally, long deadLettered) throws Exception {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        long reservedUnits = 0;
        Map<String, Long> reservedByItem = new HashMap<>();
        for (OrderResult r : tally.results.values()) {
            counts.merge(r.status(), 1L, Long::sum);
            if (r.status() == OrderStatus.RESERVED) {
                reservedUnits += r.quantity();
                reservedByItem.merge(r.itemId(), (long) r.quantity(), Long::sum);
            }
        }
        long supplied = 0;
        long oversoldByResults = 0;
        long oversoldByStore = 0;
        for (int i = 0; i < sale.items(); i++) {
            String item = sale.item(i);
            long itemSupply = sale.unitsPerItem() + sale.restockUnits();
            supplied += itemSupply;
            // Two witnesses: the results the buyers saw, and the inventory store's own counters.
            oversoldByResults += Math.max(0, reservedByItem.getOrDefault(item, 0L) - itemSupply);
            InventoryLevel level = client.inventory(item);
            oversoldByStore += level == null ? 0 : Math.max(0, level.reserved() - level.supplied());
        }
        long oversold = Math.max(oversoldByResults, oversoldByStore);
        DemoSummary.Edge edge = new DemoSummary.Edge(tally.replayed.sum(), refused(tally, 429), refused(tally, 409),
                refused(tally, 400), tally.refusedByStatus.entrySet().stream()
                        .filter(e -> !Set.of(400, 409, 429).contains(e.getKey()))
                        .mapToLong(e -> e.getValue().sum()).sum());
        return new DemoSummary(tally.sent.sum(), tally.accepted.size(), edge,
                counts.getOrDefault(OrderStatus.RESERVED, 0L), counts.getOrDefault(OrderStatus.SOLD_OUT, 0L),
                counts.getOrDefault(OrderStatus.REJECTED, 0L), counts.getOrDefault(OrderStatus.DUPLICATE, 0L),
                Math.max(tally.missing, tally.accepted.size() - tally.results.size()), deadLettered, supplied, reservedUnits, oversold,
                Duration.ofNanos(tally.elapsedNanos),
                tally.latencyMicros.getValueAtPercentile(50) / 1000.0,
                tally.latencyMicros.getValueAtPercentile(99) / 1000.0);
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
