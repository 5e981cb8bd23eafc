package dev.surge.local.demo;

import dev.surge.local.demo.FlashSale.Buyer;
import dev.surge.local.demo.FlashSale.PlannedOrder;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The buyers at the till. When an order becomes RESERVED (its first decision, or later from the
 * line), its buyer does what the plan drew for it: pays (POST /v1/orders/{id}/confirm) or cancels
 * (POST …/cancel) a moment after the hold began, or walks away and lets the hold expire. A result
 * may be seen before the buyer's 202 came back with the order's id: such a hold waits until the id
 * is known. Calls run on virtual threads, at most {@code concurrency} in flight at once.
 */
final class Checkout implements AutoCloseable {

    /**
     * What the confirms and cancels came to.
     *
     * @param retriedBehind calls made again because the order-status table had not yet caught up
     *                      with the hold the demo saw on order-results (404, or 409 WAITLISTED)
     * @param notOk         final answers other than 200 with the status asked for, {@code notOkDetail} by kind
     */
    record Calls(long confirmsSent, long cancelsSent, long walkedAway, long answeredOk, long retriedBehind,
                 long notOk, String notOkDetail, double holdToDecisionP50Ms, double holdToDecisionP99Ms) {
    }

    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    /** How long a call is made again for a hold without expires_at (RESERVATION_TTL 0, which the demo refuses). */
    private static final Duration TABLE_CATCH_UP = Duration.ofSeconds(5);

    private final DemoClient client;
    private final Semaphore inFlight;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, PlannedOrder> placed = new ConcurrentHashMap<>();
    private final Map<String, OrderResult> heldBeforePlaced = new ConcurrentHashMap<>();
    private final Set<String> acted = ConcurrentHashMap.newKeySet();
    private final LongAdder confirmsSent = new LongAdder();
    private final LongAdder cancelsSent = new LongAdder();
    private final LongAdder walkedAway = new LongAdder();
    private final LongAdder answeredOk = new LongAdder();
    private final LongAdder retriedBehind = new LongAdder();
    private final Map<String, LongAdder> notOk = new ConcurrentHashMap<>();
    /** From a hold's start to the 200 that confirmed or cancelled it: how much of the TTL the buyers used. */
    private final Histogram holdToDecisionMicros = new Histogram(3);

    Checkout(DemoClient client, int concurrency) {
        this.client = client;
        this.inFlight = new Semaphore(concurrency);
    }

    /** The buyer's 202 named the order's id. */
    void placed(String orderId, PlannedOrder order) {
        if (placed.putIfAbsent(orderId, order) == null) {
            OrderResult hold = heldBeforePlaced.remove(orderId);
            if (hold != null) {
                act(hold, order);
            }
        }
    }

    /** Every result on order-results, on the watcher's thread: only a new hold asks the buyer to act. */
    void onResult(OrderResult result) {
        if (result.status() != OrderStatus.RESERVED) {
            return;
        }
        String orderId = result.orderId();
        PlannedOrder order = placed.get(orderId);
        if (order == null) {
            heldBeforePlaced.put(orderId, result);
            // The 202 may have come back in between: whichever of the two removes the mark acts.
            order = placed.get(orderId);
            if (order == null || heldBeforePlaced.remove(orderId) == null) {
                return;
            }
        }
        act(result, order);
    }

    private void act(OrderResult hold, PlannedOrder order) {
        String orderId = hold.orderId();
        if (!acted.add(orderId)) {
            return;
        }
        if (order.buyer() == Buyer.WALKS_AWAY) {
            walkedAway.increment();
            return;
        }
        try {
            threads.submit(() -> call(hold, order));
        } catch (RejectedExecutionException e) {
            // The sale is over: no buyer is left at the till.
        }
    }

    /**
     * The buyer acts {@code delay} after the hold began (its processed_at), not after the demo saw
     * it: a result seen late (a busy machine) leaves the buyer less of the hold, not more.
     */
    private Void call(OrderResult hold, PlannedOrder order) throws InterruptedException {
        String orderId = hold.orderId();
        Instant heldAt = hold.processedAt() != null ? hold.processedAt() : Instant.now();
        Duration wait = Duration.between(Instant.now(), heldAt.plus(order.delay()));
        if (wait.isPositive()) {
            Thread.sleep(wait);
        }
        boolean pays = order.buyer() == Buyer.PAYS;
        String what = pays ? "confirm" : "cancel";
        (pays ? confirmsSent : cancelsSent).increment();
        // The endpoints read the order-status table, which may trail order-results, where the demo
        // saw the hold: not there yet (404), or still waiting in line (409 WAITLISTED). Again shortly.
        Instant giveUp = hold.expiresAt() != null ? hold.expiresAt() : heldAt.plus(TABLE_CATCH_UP);
        try {
            DemoClient.Ended answer = send(orderId, pays);
            while (behind(answer) && Instant.now().isBefore(giveUp)) {
                retriedBehind.increment();
                Thread.sleep(RETRY_PAUSE);
                answer = send(orderId, pays);
            }
            OrderStatus wanted = pays ? OrderStatus.CONFIRMED : OrderStatus.CANCELLED;
            if (answer.status() == 200 && answer.result() != null && answer.result().status() == wanted) {
                answeredOk.increment();
                recordHoldToDecision(heldAt);
            } else if (answer.status() == 200) {
                count(what + " 200 " + (answer.result() == null ? "unreadable" : answer.result().status()));
            } else if (answer.status() == 409 && answer.conflict() != null) {
                count(what + " 409 " + answer.conflict());
            } else {
                count(what + " " + answer.status());
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            count(what + " " + e.getClass().getSimpleName());
        }
        return null;
    }

    /** One call, within the bound on calls in flight. */
    private DemoClient.Ended send(String orderId, boolean pays) throws Exception {
        inFlight.acquire();
        try {
            return pays ? client.confirm(orderId) : client.cancel(orderId);
        } finally {
            inFlight.release();
        }
    }

    private static boolean behind(DemoClient.Ended answer) {
        return answer.status() == 404
                || answer.status() == 409 && OrderStatus.WAITLISTED.name().equals(answer.conflict());
    }

    private void recordHoldToDecision(Instant heldAt) {
        long micros = Math.max(0, Duration.between(heldAt, Instant.now()).toNanos() / 1000);
        synchronized (holdToDecisionMicros) {
            holdToDecisionMicros.recordValue(micros);
        }
    }

    private void count(String what) {
        notOk.computeIfAbsent(what, w -> new LongAdder()).increment();
    }

    /** Waits for the calls in flight (each ends within its HTTP timeout) and takes no more. */
    @Override
    public void close() {
        threads.close();
    }

    Calls calls() {
        Map<String, Long> sorted = new TreeMap<>();
        notOk.forEach((what, count) -> sorted.put(what, count.sum()));
        StringBuilder detail = new StringBuilder();
        sorted.forEach((what, count) -> detail.append(detail.isEmpty() ? "" : ", ").append(what).append(" ×")
                .append(count));
        synchronized (holdToDecisionMicros) {
            return new Calls(confirmsSent.sum(), cancelsSent.sum(), walkedAway.sum(), answeredOk.sum(),
                    retriedBehind.sum(), sorted.values().stream().mapToLong(Long::longValue).sum(), detail.toString(),
                    holdToDecisionMicros.getValueAtPercentile(50) / 1000.0,
                    holdToDecisionMicros.getValueAtPercentile(99) / 1000.0);
        }
    }
}
