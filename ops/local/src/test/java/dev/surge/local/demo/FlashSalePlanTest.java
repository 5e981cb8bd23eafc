package dev.surge.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.surge.local.demo.FlashSale.Buyer;
import dev.surge.local.demo.FlashSale.PlannedOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The standard sale's plan: the same traffic on every run, with the checkout's shares as drawn. */
class FlashSalePlanTest {

    private final FlashSale sale = FlashSale.standard();
    private final List<PlannedOrder> plan = sale.plan();

    @Test
    void theSeedDecidesEveryOrderAndWhatItsBuyerDoes() {
        assertThat(sale.plan()).isEqualTo(plan);
    }

    @Test
    void aQuarterOfTheWellFormedOrdersAskToWaitInLine() {
        List<PlannedOrder> wellFormed = plan.stream().filter(o -> !o.malformed()).toList();
        long waiting = wellFormed.stream().filter(PlannedOrder::waits).count();

        assertThat((double) waiting / wellFormed.size()).isCloseTo(0.25, offset(0.02));
        assertThat(wellFormed).allSatisfy(o -> assertThat(o.body().contains("\"waitlist\":true")).isEqualTo(o.waits()));
        assertThat(plan).filteredOn(PlannedOrder::malformed).noneMatch(PlannedOrder::waits);
    }

    @Test
    void buyersPayCancelOrWalkAwayInTheSharesDrawnAndActWithinTheDelay() {
        Map<Buyer, Long> buyers = plan.stream().collect(Collectors.groupingBy(PlannedOrder::buyer, Collectors.counting()));

        assertThat(share(buyers, Buyer.PAYS)).isCloseTo(0.60, offset(0.02));
        assertThat(share(buyers, Buyer.CANCELS)).isCloseTo(0.15, offset(0.02));
        assertThat(share(buyers, Buyer.WALKS_AWAY)).isCloseTo(0.25, offset(0.02));
        assertThat(plan).allSatisfy(o -> assertThat(o.delay()).isBetween(Duration.ZERO, sale.checkout().maxDelay()));
    }

    @Test
    void theCheckoutDrawsLeaveTheOrdersOfTheSaleAsTheyWere() {
        // Items, users and quantities come from the sale's own stream: only "waitlist" is added.
        FlashSale without = new FlashSale(sale.items(), sale.unitsPerItem(), sale.orders(), sale.users(), sale.bots(),
                sale.botRate(), sale.retryRate(), sale.malformedRate(), sale.restockUnits(), sale.restocks(),
                sale.buyers(), sale.orderEvery(), sale.garbageRecords(), sale.seed(), new FlashSale.Checkout(0, 1, 0, Duration.ZERO, 1));
        Map<Integer, PlannedOrder> plain = without.plan().stream()
                .collect(Collectors.toMap(PlannedOrder::index, Function.identity()));

        assertThat(plan).allSatisfy(o -> {
            assertThat(o.body().replace(",\"waitlist\":true", "")).isEqualTo(plain.get(o.index()).body());
            assertThat(o.retried()).isEqualTo(plain.get(o.index()).retried());
        });
    }

    private double share(Map<Buyer, Long> buyers, Buyer buyer) {
        return (double) buyers.getOrDefault(buyer, 0L) / plan.size();
    }
}
