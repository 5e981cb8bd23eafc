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
    void aRouteThatWaitsByDefaultWaitsThatLongUnlessToldOtherwise() {
        Duration fiveSeconds = Duration.ofSeconds(5);
        assertThat(WaitParameter.parse(Optional.empty(), MAX, fiveSeconds)).isEqualTo(fiveSeconds);
        assertThat(WaitParameter.parse(Optional.of(" "), MAX, fiveSeconds)).isEqualTo(fiveSeconds);
        assertThat(WaitParameter.parse(Optional.of("0"), MAX, fiveSeconds)).isZero();
        assertThat(WaitParameter.parse(Optional.of("2s"), MAX, fiveSeconds)).isEqualTo(Duration.ofSeconds(2));
        // A deployment whose HTTP_MAX_WAIT is shorter than the default caps the default too.
        assertThat(WaitParameter.parse(Optional.empty(), Duration.ofSeconds(1), fiveSeconds))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("soon"), MAX)).hasMessageContaining("wait");
    }
}
