package dev.surge.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.SurgeConfig;
import dev.surge.local.EmbeddedKafka;
import dev.surge.node.Ports;
import dev.surge.node.SurgeNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code ./surge demo}, in small: the demo's own code plays a sale, its
 * checkout (buyers who pay, cancel or walk away; sold-out buyers waiting in line) and an event
 * stream against a real node (embedded broker, exactly-once topology, HTTP) with the demo's
 * settings (shorter holds), and its summaries must show what the demo promises.
 */
class DemoIT {

    @TempDir
    Path scratch;

    @Test
    void aSmallSaleWithItsCheckoutAndAnEventStreamKeepEveryInvariantTheDemoPrints() throws Exception {
        Map<String, String> settings = new HashMap<>(DemoCommand.settings(scratch));
        settings.put("EMBEDDED_KAFKA_PORT", "0");
        settings.put("TOPIC_PARTITIONS", "3");
        // Shorter holds and line than the demo's 10 s and 20 s, so that the test is short too.
        settings.put("RESERVATION_TTL", "5s");
        settings.put("WAITLIST_TTL", "8s");
        SurgeConfig config = SurgeConfig.load(settings, Map.of());
        FlashSale.Checkout checkout = new FlashSale.Checkout(0.25, 0.6, 0.15, Duration.ofMillis(300), 64);
        FlashSale sale = new FlashSale(3, 40, 800, 200, 2, 0.05, 0.1, 0.02, 10, 1, 16, Duration.ZERO, 5, 42, checkout);
        EventTraffic traffic = new EventTraffic(3_000, 300, 200, 0.3, 100, 2, Duration.ZERO, 0.02, 0.01, 0.01, 7);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        FlashSaleDemo.Outcome outcome;
        try (SurgeNode node = SurgeNode.start(config, Ports.anyFree(), EmbeddedKafka.FOR_NODE);
             FlashSaleDemo demo = new FlashSaleDemo(node.baseUrl(), node.bootstrapServers(), config.topics(),
                     config.orders(), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            outcome = demo.run(sale, traffic);
        }

        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        DemoSummary summary = outcome.sale();
        DemoSummary.Orders orders = summary.orders();
        DemoSummary.Stock stock = summary.stock();
        Checkout.Calls calls = summary.checkout();
        assertThat(summary.problems()).as(output).isEmpty();
        assertThat(stock.oversold()).isZero();
        assertThat(orders.missingResults()).isZero();
        assertThat(orders.stillOpen()).as("every accepted order ended").isZero();
        assertThat(orders.readBackDisagrees()).isZero();
        assertThat(orders.ended()).as("one end per accepted order").isEqualTo(summary.accepted());

        assertThat(orders.confirmed()).as("buyers who paid").isPositive();
        assertThat(orders.cancelled()).as("buyers who cancelled").isPositive();
        assertThat(orders.expired()).as("buyers who walked away").isPositive();
        assertThat(orders.waitlisted()).as("sold-out orders that asked to wait").isPositive();
        assertThat(orders.servedFromWaitlist()).as("released units serve the line").isPositive();
        assertThat(orders.soldOut()).as("800 orders for 150 units sell out").isPositive();
        assertThat(orders.reserved()).as("every hold ended confirmed, cancelled or expired")
                .isEqualTo(orders.confirmed() + orders.cancelled() + orders.expired());
        assertThat(orders.expired()).as("the walkers' holds expired, and only a payer or canceller the hold outran")
                .isBetween(calls.walkedAway(), calls.walkedAway() + calls.notOk());

        assertThat(stock.supplied()).isEqualTo(3L * 40 + 3L * 10);
        assertThat(stock.heldAtEnd()).isZero();
        assertThat(stock.waitingAtEnd()).isZero();
        assertThat(stock.itemsNotAddingUp()).isZero();
        assertThat(stock.confirmedByInventory()).isEqualTo(stock.confirmedByResults());
        assertThat(stock.confirmedByResults() + stock.availableAtEnd()).isEqualTo(stock.supplied());
        assertThat(stock.samples()).as("inventory sampled during the sale").isGreaterThan(3);

        assertThat(summary.edge().malformed()).as("malformed bodies refused at the edge").isPositive();
        assertThat(summary.deadLettered()).as("every garbage record written to Kafka reaches the DLQ").isEqualTo(5);
        assertThat(outcome.events().ok()).as("events counted once each, late ones counted or dead-lettered")
                .isTrue();
        assertThat(outcome.events().countedToday()).isPositive();
        assertThat(outcome.ok()).isTrue();
        assertThat(output).contains("OK: nothing oversold, every accepted order ended, nothing held or waiting at"
                + " the end, and results and inventory agree on the units sold.");
    }
}
