package dev.surge.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.http.RequestRejected;
import org.junit.jupiter.api.Test;

class WaitsTest {

    private final Waits waits = new Waits(3, 2);

    @Test
    void oneCallerWaitsOnAtMostItsShare() throws Exception {
        Waits.Place first = waits.take("key:shop-1");
        waits.take("key:shop-1");

        assertThatThrownBy(() -> waits.take("key:shop-1")).isInstanceOfSatisfying(RequestRejected.class,
                refused -> assertThat(refused.status().code()).isEqualTo(429));
        first.close();
        assertThat(waits.take("key:shop-1")).isNotNull();
    }

    @Test
    void theInstanceHoldsAtMostItsWaitsWhoeverAsks() throws Exception {
        waits.take("key:a");
        waits.take("key:b");
        Waits.Place third = waits.take("key:c");

        assertThatThrownBy(() -> waits.take("key:d")).isInstanceOfSatisfying(RequestRejected.class,
                refused -> assertThat(refused.status().code()).isEqualTo(503));
        third.close();
        assertThat(waits.held()).isEqualTo(2);
        assertThat(waits.take("key:d")).isNotNull();
    }
}
