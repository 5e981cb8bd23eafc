package dev.surge.local.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The shape of the demo's flash sale, and the orders it sends, drawn from a fixed seed so that
 * two runs send the same traffic.
 *
 * @param restocks   how many times every item is restocked with {@code restockUnits}, evenly
 *                   spread over the orders: the k-th of n before order {@code orders * k / (n + 1)}
 * @param orderEvery the pace of the orders: order i goes out {@code i * orderEvery} after the first;
 *                   zero sends them as fast as the buyers go
 */
record FlashSale(int items, int unitsPerItem, int orders, int users, int bots, double botRate, double retryRate,
                 double malformedRate, int restockUnits, int restocks, int buyers, Duration orderEvery,
                 int garbageRecords, long seed, Checkout checkout) {

    /** Progress lines at watch pace: one every few seconds stays readable while the sale lasts minutes. */
    private static final Duration WATCH_PROGRESS = Duration.ofSeconds(5);
    /** The hottest items, whose stock is read during a fast sale: the plan skews towards the first. */
    private static final int SAMPLED_AT_SPEED = 3;

    /**
     * As fast as the buyers go (about 20 s on a 2-core box): the throughput and latency figures
     * are the point. Bots: a few users who send far more than the per-user limit (60 a minute) allows.
     */
    static FlashSale standard() {
        return new FlashSale(20, 50, 20_000, 5_000, 3, 0.02, 0.05, 0.01, 25, 1, 64, Duration.ZERO, 20, 42,
                Checkout.standard());
    }

    /**
     * A sale a person can follow for about two and a half minutes: 60 orders a second for 150 s,
     * 10 items, so that each item's stock visibly drains. The skew makes sku-1 sell out within
     * seconds of every restock (its line forms and is served by the next restock and by released
     * holds), the middle items towards the end of each 30 s interval, the last ones never; four
     * restocks bring stock back every 30 s. Buyers take up to 3 s to pay or cancel, so that holds
     * stay on screen for a moment (still well inside the 10 s hold). One bot, so that at this pace
     * too it exceeds the per-user limit: 3% of 60/s is 108 orders a minute against 60.
     */
    static FlashSale watch() {
        return new FlashSale(10, 200, 9_000, 5_000, 1, 0.03, 0.05, 0.01, 120, 4, 64, Duration.ofNanos(1_000_000_000L / 60),
                20, 42, new Checkout(0.25, 0.60, 0.15, Duration.ofSeconds(3), 256));
    }

    /**
     * What buyers do once their order holds units: pay (POST …/confirm), cancel (POST …/cancel) or
     * walk away (nothing: the hold expires after RESERVATION_TTL). {@code waitlistShare} of the
     * orders ask to wait in line when the item is sold out. A payer or canceller acts a moment after
     * the hold became visible, up to {@code maxDelay}: well within the TTL, so that paid means
     * CONFIRMED and only the walkers' holds expire.
     *
     * @param concurrency confirms and cancels in flight at once. Each waits for the topology's
     *                    decision (up to 5 s), so the calls in flight are the rate of new holds times
     *                    that wait: the first second of a sale brings hundreds of holds, and a small
     *                    pool would keep payers queueing until their holds expired.
     */
    record Checkout(double waitlistShare, double payShare, double cancelShare, Duration maxDelay, int concurrency) {

        static Checkout standard() {
            return new Checkout(0.25, 0.60, 0.15, Duration.ofSeconds(1), 256);
        }

        double walkShare() {
            return Math.max(0, 1 - payShare - cancelShare);
        }
    }

    /** What the buyer of an order does once it holds units. */
    enum Buyer { PAYS, CANCELS, WALKS_AWAY }

    /**
     * One order a buyer will send: a JSON body, whether the buyer sends it twice under one
     * Idempotency-Key, whether it asks to wait in line, and what its buyer does with a hold.
     */
    record PlannedOrder(int index, String itemId, String body, boolean retried, boolean malformed, boolean waits,
                        Buyer buyer, Duration delay) {
    }

    String item(int i) {
        return "sku-" + (i + 1);
    }

    /** Every unit SET and RESTOCK make available to one item. */
    long suppliedPerItem() {
        return unitsPerItem + (long) restocks * restockUnits;
    }

    /** Every unit SET and RESTOCK make available, over all items. */
    long unitsSupplied() {
        return items * suppliedPerItem();
    }

    /** Whether the orders go out at a set pace (for watching) rather than as fast as possible. */
    boolean paced() {
        return orderEvery.isPositive();
    }

    /** When order {@code index} is due, after the first: at once when the sale is not paced. */
    Duration sendAt(int index) {
        return orderEvery.multipliedBy(index);
    }

    /** How long sending every order takes at the sale's pace (zero when not paced). */
    Duration sendingTime() {
        return sendAt(orders);
    }

    /** How many restocks are due before order {@code index} goes out: spread evenly over the orders. */
    int restocksDueBefore(int index) {
        int due = 0;
        for (int k = 1; k <= restocks; k++) {
            if ((long) index >= (long) orders * k / (restocks + 1)) {
                due = k;
            }
        }
        return due;
    }

    /**
     * The items whose stock is read during the sale: at speed the hottest few (more readers would
     * slow the sale they measure); at watch pace every item, for the progress line's stock figure.
     */
    List<String> sampledItems() {
        int count = paced() ? items : Math.min(SAMPLED_AT_SPEED, items);
        return IntStream.range(0, count).mapToObj(this::item).toList();
    }

    /** Every second at speed, where the sale is over in seconds; every few seconds at watch pace. */
    Duration progressEvery() {
        return paced() ? WATCH_PROGRESS : Duration.ofSeconds(1);
    }

    List<PlannedOrder> plan() {
        Random random = new Random(seed);
        // The checkout's draws come from a stream of their own: the orders are those of a sale without one.
        Random checkoutRandom = new Random(seed * 31 + 7);
        List<PlannedOrder> plan = new ArrayList<>(orders);
        for (int i = 0; i < orders; i++) {
            // A few items are hot: a skewed pick, as in a real sale.
            int item = (int) Math.min(items - 1, Math.floor(Math.pow(random.nextDouble(), 2) * items));
            String user = random.nextDouble() < botRate ? "bot-" + random.nextInt(bots) : "user-" + random.nextInt(users);
            int quantity = 1 + random.nextInt(3);
            boolean malformed = random.nextDouble() < malformedRate;
            boolean waits = checkoutRandom.nextDouble() < checkout.waitlistShare() && !malformed;
            double act = checkoutRandom.nextDouble();
            Buyer buyer = act < checkout.payShare() ? Buyer.PAYS
                    : act < checkout.payShare() + checkout.cancelShare() ? Buyer.CANCELS : Buyer.WALKS_AWAY;
            Duration delay = Duration.ofMillis((long) (checkoutRandom.nextDouble() * checkout.maxDelay().toMillis()));
            String body = malformed ? malformedBody(random, item(item), user)
                    : "{\"user_id\":\"" + user + "\",\"item_id\":\"" + item(item) + "\",\"quantity\":" + quantity
                    + (waits ? ",\"waitlist\":true}" : "}");
            plan.add(new PlannedOrder(i, item(item), body, !malformed && random.nextDouble() < retryRate, malformed,
                    waits, buyer, delay));
        }
        return plan;
    }

    private static String malformedBody(Random random, String item, String user) {
        return switch (random.nextInt(4)) {
            case 0 -> "{\"user_id\":\"" + user + "\",\"item_id\":\"" + item + "\",\"quantity\":0}";
            case 1 -> "{\"user_id\":\"" + user + "\",\"item_id\":\"" + item + "\"";
            case 2 -> "{\"user_id\":\"" + user + " with spaces\",\"item_id\":\"" + item + "\",\"quantity\":1}";
            default -> "{\"item_id\":\"" + item + "\",\"quantity\":\"many\"}";
        };
    }
}
