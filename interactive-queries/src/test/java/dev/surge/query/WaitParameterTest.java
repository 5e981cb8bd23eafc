package dev.surge.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitParameterTest {

    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void readsSecondsAndUnits() {
        assertThat(WaitParameter.parse(Optional.empty(), MAX)).isZero();
        assertThat(WaitParameter.parse(Optional.of("5"), MAX)).isEqualTo(Duration.ofSeconds(5));
        assertThat(WaitParameter.parse(Optional.of("5s"), MAX)).isEqualTo(Duration.ofSeconds(5));
        assertThat(WaitParameter.parse(Optional.of("250ms"), MAX)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void capsLongWaits() {
        assertThat(WaitParameter.parse(Optional.of("10m"), MAX)).isEqualTo(MAX);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("soon"), MAX)).hasMessageContaining("wait");
    }
}
