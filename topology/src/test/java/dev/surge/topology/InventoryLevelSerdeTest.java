package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InventoryLevelSerdeTest {

    private final InventoryLevelSerde serde = new InventoryLevelSerde();

    private InventoryLevel roundTrip(InventoryLevel level) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", level));
    }

    @Test
    void readsBackWhatItWrote() {
        InventoryLevel level = new InventoryLevel("sku-ä1", 7, 3, 10, Instant.parse("2026-12-05T22:57:08.123456789Z"));
        assertThat(roundTrip(level)).isEqualTo(level);
        assertThat(roundTrip(InventoryLevel.empty("sku-2"))).isEqualTo(InventoryLevel.empty("sku-2"));
        InventoryLevel large = new InventoryLevel("x", Long.MAX_VALUE, Long.MIN_VALUE, 0, Instant.EPOCH);
        assertThat(roundTrip(large)).isEqualTo(large);
        InventoryLevel lifecycle = new InventoryLevel("sku-3", 1, 2, 9, null, 6, 4);
        assertThat(roundTrip(lifecycle)).isEqualTo(lifecycle);
    }

    @Test
    void readsTheFirstBinaryFormatWithNothingSoldOrWaiting() {
        byte[] current = serde.serializer().serialize("t", new InventoryLevel("sku-1", 7, 3, 10, Instant.EPOCH, 5, 2));
        byte[] first = java.util.Arrays.copyOf(current, current.length - 16);
        first[0] = 1;
        assertThat(serde.deserializer().deserialize("t", first))
                .isEqualTo(new InventoryLevel("sku-1", 7, 3, 10, Instant.EPOCH));
    }

    @Test
    void isSmallerThanJson() {
        InventoryLevel level = new InventoryLevel("sku-1", 7, 3, 10, Instant.now());
        assertThat(serde.serializer().serialize("t", level)).hasSizeLessThan(Json.toBytes(level).length / 2);
    }

    @Test
    void readsTheJsonAnOlderSurgeWrote() {
        InventoryLevel level = new InventoryLevel("sku-1", 7, 3, 10, Instant.parse("2026-12-05T22:57:08.123Z"));
        assertThat(serde.deserializer().deserialize("t", Json.toBytes(level))).isEqualTo(level);
    }

    @Test
    void refusesAnUnknownFormat() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown format");
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
