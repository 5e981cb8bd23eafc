package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HoldTest {

    private static final OrderResult RESERVED = new OrderResult("o-1", "sku-1", "u-ü1", 3, OrderStatus.RESERVED,
            null, null, 7L, "corr-1", Instant.parse("2026-12-06T10:00:00.123Z"),
            Instant.parse("2026-12-06T10:00:00.456789Z"), "mine-1", "shop-1", Instant.parse("2026-12-06T10:10:00.456789Z"));

    @Test
    void readsBackWhatItWrote() {
        Hold held = new Hold(RESERVED, null);
        assertThat(Hold.from(held.toBytes())).isEqualTo(held);

        OrderResult waiting = new OrderResult("w-1", "sku-1", "u2", 1, OrderStatus.WAITLISTED, null, null, null, null,
                null, Instant.EPOCH, null, null, Instant.EPOCH.plusSeconds(1800));
        Hold inLine = new Hold(waiting, "w|sku-1|0000000000000000042");
        assertThat(Hold.from(inLine.toBytes())).isEqualTo(inLine);
    }

    @Test
    void isAThirdOfTheJson() {
        assertThat(new Hold(RESERVED, null).toBytes()).hasSizeLessThan(Json.toBytes(RESERVED).length / 2);
    }

    @Test
    void refusesAnUnknownFormatAndACutValue() {
        assertThatThrownBy(() -> Hold.from(new byte[] {9, 1})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown format");
        byte[] whole = new Hold(RESERVED, null).toBytes();
        assertThatThrownBy(() -> Hold.from(java.util.Arrays.copyOf(whole, whole.length - 3)))
                .isInstanceOf(SerializationException.class);
    }
}
