package dev.surge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The moves an order can make, which the meters and the activity endpoint both list. */
class OrderStatusTest {

    @Test
    void onlyOpenOrdersMoveAndNeverToWhereTheyAre() {
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(status.movesTo().isEmpty()).as(status.name()).isEqualTo(!status.open());
            assertThat(status.movesTo()).doesNotContain(status);
        }
        assertThat(OrderStatus.RESERVED.movesTo())
                .containsExactly(OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.EXPIRED);
        assertThat(OrderStatus.WAITLISTED.movesTo())
                .containsExactly(OrderStatus.RESERVED, OrderStatus.SOLD_OUT, OrderStatus.CANCELLED);
    }
}
