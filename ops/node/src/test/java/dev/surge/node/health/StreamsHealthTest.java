package dev.surge.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.node.health.HealthCheck.Status;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsHealthTest {

    @Test
    void runningOrRebalancingIsUp() {
        assertThat(new StreamsHealth(() -> State.RUNNING, window -> 0).check().status()).isEqualTo(Status.UP);
        assertThat(new StreamsHealth(() -> State.REBALANCING, window -> 2).check().status()).isEqualTo(Status.UP);
    }

    @Test
    void threadsThatKeepDyingMakeItDegradedAndSaySo() {
        HealthCheck.Health health = new StreamsHealth(() -> State.RUNNING, window -> 3).check();
        assertThat(health.status()).isEqualTo(Status.DEGRADED);
        assertThat(health.detail()).contains("3 stream threads died within 5 min");
    }

    @Test
    void anyOtherStateIsDown() {
        assertThat(new StreamsHealth(() -> State.ERROR, window -> 0).check().status()).isEqualTo(Status.DOWN);
        assertThat(new StreamsHealth(() -> State.PENDING_SHUTDOWN, window -> 0).check().status()).isEqualTo(Status.DOWN);
    }
}
