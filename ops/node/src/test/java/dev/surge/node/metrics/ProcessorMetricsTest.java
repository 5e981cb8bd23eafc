package dev.surge.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.DlqRecord.Reason;
import dev.surge.schemas.OrderStatus;
import dev.surge.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The counters with known label values are there, at 0, before the first record. */
class ProcessorMetricsTest {

    private static final Topics TOPICS = Topics.withPrefix("shop.");
    private static final List<Reason> ORDER_REASONS = List.of(Reason.INVALID_JSON, Reason.SCHEMA_VIOLATION,
            Reason.KEY_MISMATCH, Reason.WRONG_PARTITION, Reason.PROCESSING_ERROR);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProcessorMetrics metrics = new ProcessorMetrics(registry, TOPICS);

    private Collection<Counter> counters(String name) {
        return registry.find(name).counters();
    }

    private Set<String> series(String name, String... tagKeys) {
        Set<String> found = new TreeSet<>();
        for (Counter counter : counters(name)) {
            assertThat(counter.count()).as("%s %s", name, counter.getId().getTags()).isZero();
            StringBuilder key = new StringBuilder();
            for (String tag : tagKeys) {
                key.append(key.isEmpty() ? "" : " ").append(counter.getId().getTag(tag));
            }
            found.add(key.toString());
        }
        return found;
    }

    @Test
    void deadLettersByReasonAndSourceTopicAreExportedAtZeroFromTheStart() {
        Set<String> expected = new TreeSet<>();
        for (String source : List.of("shop.orders", "shop.inventory-commands", "shop.order-commands")) {
            ORDER_REASONS.forEach(reason -> expected.add(reason + " " + source));
        }
        expected.add("PROCESSING_ERROR shop.order-results");

        assertThat(series("processor.orders.moved.to.dlq", "reason", "topic")).isEqualTo(expected);
        assertThat(series("processor.events.moved.to.dlq", "reason")).containsExactlyInAnyOrder(
                "INVALID_JSON", "SCHEMA_VIOLATION", "KEY_MISMATCH", "PROCESSING_ERROR", "LATE");
        assertThat(series("processor.dead.letters.lost", "topic"))
                .containsExactlyInAnyOrder("shop.orders-dlq", "shop.events-dlq");
    }

    @Test
    void transitionsAndCommandsWithoutEffectAreExportedAtZeroFromTheStart() {
        assertThat(series("processor.order.transitions", "from", "to")).containsExactlyInAnyOrder(
                "reserved confirmed", "reserved cancelled", "reserved expired",
                "waitlisted reserved", "waitlisted cancelled", "waitlisted sold_out");
        assertThat(series("processor.order.commands.without.effect", "command"))
                .containsExactlyInAnyOrder("confirm", "cancel");
    }

    @Test
    void theScrapeShowsTheZeroSeriesUnderTheirPrometheusNames() {
        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("processor_orders_moved_to_dlq_total{reason=\"WRONG_PARTITION\",topic=\"shop.orders\"} 0")
                .contains("processor_events_moved_to_dlq_total{reason=\"LATE\"} 0")
                .contains("processor_order_transitions_total{from=\"reserved\",to=\"expired\"} 0")
                .contains("processor_order_commands_without_effect_total{command=\"confirm\"} 0")
                .contains("processor_dead_letters_lost_total{topic=\"shop.orders-dlq\"} 0")
                .contains("processor_orders_processed_total{status=\"sold_out\"} 0");
    }

    @Test
    void aRecordCountsOnItsSeriesWithoutAddingOne() {
        int before = registry.getMeters().size();

        metrics.deadLettered("shop.orders", Reason.KEY_MISMATCH);
        metrics.deadLettered("shop.events", Reason.LATE);
        metrics.deadLetterLost("shop.events-dlq");
        metrics.orderMoved(OrderStatus.WAITLISTED, OrderStatus.SOLD_OUT);
        metrics.commandWithoutEffect("CANCEL");

        assertThat(registry.getMeters()).hasSize(before);
        Map<String, String[]> counted = Map.of(
                "processor.orders.moved.to.dlq", new String[] {"reason", "KEY_MISMATCH", "topic", "shop.orders"},
                "processor.events.moved.to.dlq", new String[] {"reason", "LATE"},
                "processor.dead.letters.lost", new String[] {"topic", "shop.events-dlq"},
                "processor.order.transitions", new String[] {"from", "waitlisted", "to", "sold_out"},
                "processor.order.commands.without.effect", new String[] {"command", "cancel"});
        counted.forEach((name, tags) -> assertThat(registry.get(name).tags(tags).counter().count())
                .as("%s", name).isEqualTo(1.0));
        assertThat(counters("processor.orders.moved.to.dlq").stream().mapToDouble(Counter::count).sum()).isEqualTo(1.0);
    }
}
