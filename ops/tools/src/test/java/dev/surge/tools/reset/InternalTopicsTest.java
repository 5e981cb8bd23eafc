package dev.surge.tools.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InternalTopicsTest {

    @Test
    void changelogsAndRepartitionTopicsOfTheApplicationAreSelectedAndNothingElse() {
        List<String> topics = List.of("orders", "orders-dlq", "order-results", "metrics-daily", "events-dlq",
                "surge-inventory-changelog", "surge-order-dedup-changelog", "surge-metric-rows-repartition",
                "surge-dlq", "surgeother-x-changelog", "other-surge-x-changelog", "surge-notes",
                "surge-staging-inventory-changelog", "__consumer_offsets");

        InternalTopics.Selection selection = InternalTopics.select(topics, "surge",
                List.of("surge-dlq", "surge-staging", "surge-staging-dlq", "other"));

        assertThat(selection.delete()).containsExactly("surge-inventory-changelog", "surge-metric-rows-repartition",
                "surge-order-dedup-changelog");
        assertThat(selection.othersTopics()).containsExactly("surge-staging-inventory-changelog (of surge-staging)");
    }

    @Test
    void aPrefixedApplicationIdIsMatchedAsAWhole() {
        InternalTopics.Selection selection = InternalTopics.select(
                List.of("shop.surge-inventory-changelog", "surge-inventory-changelog"), "shop.surge", List.of());

        assertThat(selection.delete()).containsExactly("shop.surge-inventory-changelog");
    }
}
