package dev.surge.tests;

import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients ordering over HTTP, each one order at a time with a short pause, until stopped; every
 * answer is kept with when it was asked and answered, so a test can count what happened in a phase.
 */
final class OrderLoad implements AutoCloseable {

    /**
     * One order's answer. Each order has a user of its own, so a result can be told apart even for
     * an order refused with no order id. {@code status} -1: no HTTP answer at all (the error is in {@code body}).
     */
    record Answer(String userId, long sentNanos, long answeredNanos, int status, String orderId, boolean retryAfter,
                  String body) {

        boolean accepted() {
            return status == 202;
        }

        boolean answeredBetween(long fromNanos, long toNanos) {
            return answeredNanos >= fromNanos && answeredNanos < toNanos;
        }
    }

    private final RunningSurge surge;
    private final List<String> items;
    private final String prefix;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> clients = new ArrayList<>();
    /** When each client sent the order it waits for, if any. */
    private final Map<Thread, Long> waiting = new ConcurrentHashMap<>();

    private OrderLoad(RunningSurge surge, List<String> items, String prefix) {
        this.surge = surge;
        this.items = List.copyOf(items);
        this.prefix = prefix;
    }

    /** {@code clients} clients ordering one unit of a random one of {@code items} each time. */
    static OrderLoad start(RunningSurge surge, List<String> items, String prefix, int clients) {
        OrderLoad load = new OrderLoad(surge, items, prefix);
        for (int i = 0; i < clients; i++) {
            load.clients.add(Thread.ofPlatform().daemon().name(prefix + "-client-" + i).start(load::order));
        }
        return load;
    }

    private void order() {
        while (!stop.get()) {
            int n = sequence.getAndIncrement();
            String user = prefix + "-u" + n;
            String item = items.get(ThreadLocalRandom.current().nextInt(items.size()));
            long sent = System.nanoTime();
            waiting.put(Thread.currentThread(), sent);
            try {
                HttpResponse<String> res = surge.postJson("/v1/orders",
                        Map.of("user_id", user, "item_id", item, "quantity", 1),
                        "Idempotency-Key", prefix + "-" + n);
                String orderId = res.statusCode() == 202 ? Json.MAPPER.readTree(res.body()).path("order_id").asText() : null;
                answers.add(new Answer(user, sent, System.nanoTime(), res.statusCode(), orderId,
                        res.headers().firstValue("Retry-After").isPresent(), res.body()));
                waiting.remove(Thread.currentThread());
                if (!pause(res.statusCode() == 202 ? 20 : 100)) {
                    return;
                }
            } catch (IOException e) {
                answers.add(new Answer(user, sent, System.nanoTime(), -1, null, false, e.toString()));
                waiting.remove(Thread.currentThread());
                if (!pause(100)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A client's pause between orders, longer after a refusal; false if interrupted. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether every order sent before {@code nanos} has had its answer. */
    boolean answeredAllSentBefore(long nanos) {
        return waiting.values().stream().allMatch(sent -> sent >= nanos);
    }

    /** Every answer so far. */
    List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Stops the clients once their current orders are answered. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(60));
        }
    }
}
