package dev.surge.tools.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.tools.bench.BenchOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadTest {

    private static BenchOptions options(Optional<Integer> rate) {
        return new BenchOptions(rate, 32, Duration.ofSeconds(20), Duration.ofMillis(1500), 10, 10, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "");
    }

    @Test
    void closedUnlessARateIsGiven() {
        Load closed = Load.from(options(Optional.empty()));
        assertThat(closed.open()).isFalse();
        assertThat(closed.connections()).isEqualTo(32);
        assertThat(closed.describe()).isEqualTo("closed 32, 1500ms warmup + 20s");

        Load open = Load.from(options(Optional.of(900)));
        assertThat(open.open()).isTrue();
        assertThat(open.describe()).isEqualTo("open 900/s (≤ 32 in flight), 1500ms warmup + 20s");
        assertThat(Load.open(5000, options(Optional.empty())).rate()).contains(5000);
    }
}
