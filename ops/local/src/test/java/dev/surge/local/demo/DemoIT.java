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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code ./surge demo}, in small: the demo's own code plays a sale and
 * an event stream against a real node (embedded broker, exactly-once topology, HTTP) with the
 * demo's settings, and its summaries must show what the demo promises.
 */
class DemoIT {

    @TempDir
    Path scratch;

    @Test
    void aSmallSaleAndEventStreamKeepEveryInvariantTheDemoPrints() throws Exception {
        Map<String, String> settings = new HashMap<>(DemoCommand.settings(scratch));
        settings.put("EMBEDDED_KAFKA_PORT", "0");
        settings.put("TOPIC_PARTITIONS", "3");
        SurgeConfig config = SurgeConfig.load(settings, Map.of());
        FlashSale sale = new FlashSale(3, 40, 800, 200, 2, 0.05, 0.1, 0.02, 10, 16, 5, 42);
        EventTraffic traffic = new EventTraffic(3_000, 300, 200, 0.3, 100, 2, 0.02, 0.01, 0.01, 7);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        FlashSaleDemo.Outcome outcome;
        try (SurgeNode node = SurgeNode.start(config, Ports.anyFree(), EmbeddedKafka.FOR_NODE);
             FlashSaleDemo demo = new FlashSaleDemo(node.baseUrl(), node.bootstrapServers(), config.topics(),
                     new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            outcome = demo.run(sale, traffic);
        }

        DemoSummary summary = outcome.sale();
        assertThat(summary.unitsOversold()).isZero();
        assertThat(summary.missingResults()).isZero();
        assertThat(summary.unitsReserved()).isLessThanOrEqualTo(summary.unitsSupplied());
        assertThat(summary.unitsSupplied()).isEqualTo(3L * 40 + 3L * 10);
        assertThat(summary.reserved() + summary.soldOut() + summary.rejected() + summary.duplicates())
                .as("one result per accepted order").isEqualTo(summary.accepted());
        assertThat(summary.reserved()).isPositive();
        assertThat(summary.soldOut()).as("800 orders for 150 units sell out").isPositive();
        assertThat(summary.edge().malformed()).as("malformed bodies refused at the edge").isPositive();
        assertThat(summary.deadLettered()).as("every garbage record written to Kafka reaches the DLQ").isEqualTo(5);
        assertThat(outcome.events().ok()).as("events counted once each, late ones counted or dead-lettered")
                .isTrue();
        assertThat(outcome.events().countedToday()).isPositive();
        assertThat(outcome.ok()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("OK: nothing oversold, every accepted order has its result.");
    }
}
