package dev.surge.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.InventoryLevel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryLevelGaugesTest {

    private static InventoryLevel level(String item, long available, long reserved) {
        return new InventoryLevel(item, available, reserved, available + reserved, Instant.EPOCH);
    }

    @Test
    void exportsTheItemsWithTheMostUnitsReservedSoASaleIsWatchedNotTheCatalogue() {
        List<InventoryLevel> levels = List.of(level("quiet", 500, 0), level("hot", 3, 97), level("warm", 40, 60),
                level("sold-out", 0, 80), level("tepid", 90, 10));

        assertThat(InventoryLevelGauges.mostReserved(levels.iterator(), 3))
                .extracting(InventoryLevel::itemId).containsExactly("hot", "sold-out", "warm");
    }

    @Test
    void aLimitOfZeroExportsNothingAndAShortCatalogueExportsAll() {
        List<InventoryLevel> levels = List.of(level("a", 1, 1), level("b", 2, 2));

        assertThat(InventoryLevelGauges.mostReserved(levels.iterator(), 0)).isEmpty();
        assertThat(InventoryLevelGauges.mostReserved(levels.iterator(), 20)).extracting(InventoryLevel::itemId)
                .containsExactly("b", "a");
    }
}
