package dev.surge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SeriesLimitTest {

    @Test
    void seriesBeyondTheLimitAreNotKeptAndTheFirstOnesStillCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SeriesLimit.apply(registry, 3);
        for (int i = 0; i < 1_000; i++) {
            Counter.builder("requests").tag("label", "v" + i).register(registry).increment();
        }
        Counter.builder("requests").tag("label", "v0").register(registry).increment();
        Counter.builder("other.meter").tag("label", "x").register(registry).increment();

        assertThat(registry.find("requests").counters()).hasSize(3);
        assertThat(registry.get("requests").tag("label", "v0").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("other.meter").counter().count()).isEqualTo(1.0);
    }
}
