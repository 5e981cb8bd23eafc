package dev.surge.local.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The shape of the demo's flash sale, and the orders it sends, drawn from a fixed seed so that
 * two runs send the same traffic.
 */
record FlashSale(int items, int unitsPerItem, int orders, int users, int bots, double botRate, double retryRate,
                 double malformedRate, int restockUnits, int buyers, int garbageRecords, long seed,
                 Checkout checkout) {

    /** Bots: a few users who send far more than the per-user limit (60 a minute) allows. */
    static FlashSale standard() {
        return new FlashSale(20, 50, 20_000, 5_000, 3, 0.02, 0.05, 0.01, 25, 64, 20, 42, Checkout.standard());
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

    /** Every unit SET and RESTOCK make available, over all items. */
    long unitsSupplied() {
        return (long) items * (unitsPerItem + restockUnits);
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
