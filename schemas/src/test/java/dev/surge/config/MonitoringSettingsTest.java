package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringSettingsTest {

    @Test
    void defaultsMeasureEveryFifteenSecondsTheTwentyHottestItemsAndOnlySurgesGroups() {
        MonitoringSettings monitoring = SurgeConfig.load(Map.of(), Map.of()).monitoring();

        assertThat(monitoring.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(monitoring.extraLagGroups()).isEmpty();
        assertThat(monitoring.inventoryItems()).isEmpty();
        assertThat(monitoring.inventoryTopItems()).isEqualTo(20);
    }

    @Test
    void listsAreCommaSeparatedAndBlanksIgnored() {
        MonitoringSettings monitoring = SurgeConfig.load(Map.of("LAG_GROUPS", "billing, ,search-indexer",
                "INVENTORY_METRIC_ITEMS", "sku-1,sku-2,", "MONITOR_INTERVAL", "2s"), Map.of()).monitoring();

        assertThat(monitoring.extraLagGroups()).containsExactly("billing", "search-indexer");
        assertThat(monitoring.inventoryItems()).containsExactly("sku-1", "sku-2");
        assertThat(monitoring.interval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aZeroIntervalOrANegativeTopIsRefusedByName() {
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("MONITOR_INTERVAL", "0s"), Map.of()))
                .hasMessageContaining("MONITOR_INTERVAL");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("INVENTORY_METRIC_TOP", "-1"), Map.of()))
                .hasMessageContaining("INVENTORY_METRIC_TOP");
    }
}
