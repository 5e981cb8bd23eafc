package dev.surge.ingress.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private final EventIds shopA = new EventIds("shop-a", Optional.of("batch-1"));
    private final EventIds shopB = new EventIds("shop-b", Optional.of("batch-1"));

    @Test
    void aClientsEventIdIsScopedByItsKey() {
        assertThat(shopA.of("e-1", 0)).isEqualTo("shop-a:e-1");
        assertThat(shopB.of("e-1", 0)).isEqualTo("shop-b:e-1");
    }

    @Test
    void aLongIdBecomesADigestThatStillFitsAndStaysTheSame() {
        String longest = "e".repeat(EventIds.MAX_LENGTH);

        String scoped = shopA.of(longest, 0);

        assertThat(scoped).hasSizeLessThanOrEqualTo(EventIds.MAX_LENGTH).startsWith("shop-a:sha256-")
                .isEqualTo(shopA.of(longest, 5)).isNotEqualTo(shopA.of(longest.substring(1), 0));
        assertThat(shopB.of(longest, 0)).isNotEqualTo(scoped);
    }

    @Test
    void derivedIdsDifferByKeyAndIndexAndRepeatForARetry() {
        assertThat(shopA.of(null, 0)).isEqualTo(new EventIds("shop-a", Optional.of("batch-1")).of(null, 0))
                .isNotEqualTo(shopA.of(null, 1)).isNotEqualTo(shopB.of(null, 0));
        EventIds noKey = new EventIds("shop-a", Optional.empty());
        assertThat(noKey.of(null, 0)).isNotEqualTo(noKey.of(null, 0));
    }
}
