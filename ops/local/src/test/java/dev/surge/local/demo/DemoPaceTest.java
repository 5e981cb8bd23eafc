package dev.surge.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.schemas.InventoryLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which pace the demo plays, and the shape of the watched sale: no clocks, only the plan. */
class DemoPaceTest {

    private final FlashSale watch = FlashSale.watch();
    private final FlashSale fast = FlashSale.standard();

    @Test
    void aPersonWatchesByDefaultAndAScriptThatWaitsForTheExitCodeGetsTheFastSale() {
        assertThat(DemoPace.choose(false, false, false)).isEqualTo(DemoPace.WATCH);
        assertThat(DemoPace.choose(true, false, false)).isEqualTo(DemoPace.FAST);
        assertThat(DemoPace.choose(false, false, true)).isEqualTo(DemoPace.FAST);
        assertThat(DemoPace.choose(true, true, false)).isEqualTo(DemoPace.WATCH);
        assertThat(DemoPace.choose(false, true, false)).isEqualTo(DemoPace.WATCH);
        assertThat(DemoPace.choose(true, false, true)).isEqualTo(DemoPace.FAST);
        assertThatThrownBy(() -> DemoPace.choose(false, true, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--watch and --fast exclude each other");
    }

    @Test
    void onlyTheWatchedSaleGivesTimeToOpenTheConsoleFirst() {
        assertThat(DemoPace.WATCH.countdown()).isEqualTo(Duration.ofSeconds(5));
        assertThat(DemoPace.FAST.countdown()).isZero();
        assertThat(DemoCommand.consoleLine("http://127.0.0.1:8080/console/", DemoPace.WATCH))
                .isEqualTo("Console  http://127.0.0.1:8080/console/  (open it now: the sale starts in 5 s)");
        assertThat(DemoCommand.consoleLine("http://127.0.0.1:8080/console/", DemoPace.FAST))
                .startsWith("Console  http://127.0.0.1:8080/console/  (");
    }

    @Test
    void theFastSaleIsTheStandardOneAsFastAsTheBuyersGoWithOneRestockHalfway() {
        assertThat(DemoPace.FAST.sale()).isEqualTo(fast);
        assertThat(DemoPace.FAST.traffic()).isEqualTo(EventTraffic.standard());
        assertThat(fast.paced()).isFalse();
        assertThat(fast.sendAt(19_999)).isZero();
        assertThat(fast.restocksDueBefore(9_999)).isZero();
        assertThat(fast.restocksDueBefore(10_000)).isOne();
        assertThat(fast.restocksDueBefore(19_999)).isOne();
        assertThat(fast.unitsSupplied()).isEqualTo(20L * (50 + 25));
        assertThat(fast.sampledItems()).containsExactly("sku-1", "sku-2", "sku-3");
        assertThat(fast.progressEvery()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theWatchedSaleSendsAFewDozenOrdersASecondForTwoAndAHalfMinutes() {
        assertThat(DemoPace.WATCH.sale()).isEqualTo(watch);
        assertThat(watch.paced()).isTrue();
        double perSecond = 1e9 / watch.orderEvery().toNanos();
        assertThat(perSecond).isBetween(30.0, 150.0);
        assertThat(watch.sendAt(0)).isZero();
        assertThat(watch.sendAt(60)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1001));
        assertThat(watch.sendingTime()).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(180));
        // Readable: a progress line every few seconds, not every second.
        assertThat(watch.progressEvery()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        // Every item's stock is read, for the progress line's figure.
        assertThat(watch.sampledItems()).hasSize(watch.items()).startsWith("sku-1").endsWith("sku-10");
    }

    @Test
    void theWatchedSaleRestocksEveryItemAtEvenIntervalsSoThatStockComesBack() {
        List<Integer> firstOrderAfterEachRestock = new ArrayList<>();
        for (int i = 0; i < watch.orders(); i++) {
            if (watch.restocksDueBefore(i) > firstOrderAfterEachRestock.size()) {
                firstOrderAfterEachRestock.add(i);
            }
        }

        assertThat(firstOrderAfterEachRestock).containsExactly(1_800, 3_600, 5_400, 7_200);
        assertThat(watch.sendAt(1_800)).isCloseTo(Duration.ofSeconds(30), Duration.ofMillis(1));
        assertThat(watch.restocksDueBefore(watch.orders() - 1)).isEqualTo(watch.restocks());
        assertThat(watch.unitsSupplied()).isEqualTo(10L * (200 + 4 * 120));
    }

    @Test
    void theWatchedSaleSellsOutItsHottestItemsButNotAllOfThem() {
        // Units asked per item over the sale (quantities of the well-formed orders), against the
        // units supplied: the hottest item is asked for many times its supply (a line forms); of
        // the coldest, the buyers who pay take less than its supply (the rest comes back when holds
        // are cancelled or expire), so its stock drains without running out.
        long[] asked = new long[watch.items()];
        for (FlashSale.PlannedOrder order : watch.plan()) {
            if (!order.malformed()) {
                asked[Integer.parseInt(order.itemId().substring("sku-".length())) - 1] += quantity(order.body());
            }
        }

        assertThat(asked[0]).isGreaterThan(5 * watch.suppliedPerItem());
        assertThat(asked[watch.items() - 1] * watch.checkout().payShare()).isLessThan(watch.suppliedPerItem());
    }

    @Test
    void atWatchPaceTooABotSendsMoreThanThePerUserLimitOfSixtyAMinute() {
        Map<String, Long> byBot = watch.plan().stream().filter(o -> !o.malformed()).map(FlashSale.PlannedOrder::body)
                .filter(body -> body.contains("\"bot-"))
                .collect(Collectors.groupingBy(body -> body.replaceAll(".*\"(bot-[0-9]+)\".*", "$1"),
                        Collectors.counting()));
        double minutes = watch.sendingTime().toMillis() / 60_000.0;

        assertThat(byBot).isNotEmpty().allSatisfy((bot, orders) -> assertThat(orders / minutes).isGreaterThan(80));
    }

    @Test
    void theWatchedEventsFlowForAsLongAsTheOrders() {
        EventTraffic traffic = DemoPace.WATCH.traffic();

        assertThat(traffic.paced()).isTrue();
        assertThat(EventTraffic.standard().paced()).isFalse();
        assertThat(traffic.sendAt(traffic.batches())).isCloseTo(watch.sendingTime(), Duration.ofSeconds(5));
        assertThat(EventTraffic.standard().sendAt(599)).isZero();
    }

    @Test
    void theProgressLineAddsUpTheStockLeftAndTheItemsSoldOut() {
        List<InventoryLevel> levels = List.of(level("sku-1", 0), level("sku-2", 1_200), level("sku-3", 34));

        assertThat(SaleProgress.stock(levels)).isEqualTo("stock 1,234 left, 1/3 sold out");
        assertThat(SaleProgress.stock(List.of())).isEqualTo("stock -");
    }

    private static InventoryLevel level(String item, long available) {
        return new InventoryLevel(item, available, 0, 2_000, null);
    }

    private static int quantity(String body) {
        int at = body.indexOf("\"quantity\":") + "\"quantity\":".length();
        return body.charAt(at) - '0';
    }
}
