package dev.surge.local.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The shape of the demo's flash sale, and the orders it sends, drawn from a fixed seed so that
 * two runs send the same traffic.
 */
record FlashSale(int items, int unitsPerItem, int orders, int users, int bots, double botRate, double retryRate,
                 double malformedRate, int restockUnits, int buyers, int garbageRecords, long seed) {

    /** Bots: a few users who send far more than the per-user limit (60 a minute) allows. */
    static FlashSale standard() {
        return new FlashSale(20, 50, 20_000, 5_000, 3, 0.02, 0.05, 0.01, 25, 64, 20, 42);
    }

    /** One order a buyer will send: a JSON body, and whether the buyer sends it twice under one Idempotency-Key. */
    record PlannedOrder(int index, String itemId, String body, boolean retried, boolean malformed) {
    }

    String item(int i) {
        return "sku-" + (i + 1);
    }

    List<PlannedOrder> plan() {
        Random random = new Random(seed);
        List<PlannedOrder> plan = new ArrayList<>(orders);
        for (int i = 0; i < orders; i++) {
            // A few items are hot: a skewed pick, as in a real sale.
            int item = (int) Math.min(items - 1, Math.floor(Math.pow(random.nextDouble(), 2) * items));
            String user = random.nextDouble() < botRate ? "bot-" + random.nextInt(bots) : "user-" + random.nextInt(users);
            int quantity = 1 + random.nextInt(3);
            boolean malformed = random.nextDouble() < malformedRate;
            String body = malformed ? malformedBody(random, item(item), user)
                    : "{\"user_id\":\"" + user + "\",\"item_id\":\"" + item(item) + "\",\"quantity\":" + quantity + "}";
            plan.add(new PlannedOrder(i, item(item), body, !malformed && random.nextDouble() < retryRate, malformed));
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
