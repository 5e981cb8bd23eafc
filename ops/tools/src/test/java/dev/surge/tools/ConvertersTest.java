package dev.surge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void positiveWholeNumbers() {
        assertThat(new Converters.PositiveInt().convert(" 12 ")).isEqualTo(12);
        assertThatThrownBy(() -> new Converters.PositiveInt().convert("0")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'0' is not a positive whole number");
        assertThatThrownBy(() -> new Converters.PositiveInt().convert("1.5"))
                .hasMessage("'1.5' is not a positive whole number");
    }

    @Test
    void durationsAsTheSettingsWriteThem() {
        assertThat(new Converters.PositiveDuration().convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(new Converters.PositiveDuration().convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(new Converters.NonNegativeDuration().convert("0s")).isZero();
        assertThatThrownBy(() -> new Converters.PositiveDuration().convert("0s")).hasMessage("'0s' must be more than 0");
        assertThatThrownBy(() -> new Converters.NonNegativeDuration().convert("-PT1S"))
                .hasMessage("'-PT1S' must be 0 or more");
        assertThatThrownBy(() -> new Converters.PositiveDuration().convert("soon"))
                .isInstanceOf(TypeConversionException.class).hasMessageStartingWith("'soon' is not a duration");
    }

    @Test
    void notBlank() {
        assertThat(new Converters.NotBlank().convert("k:9092")).isEqualTo("k:9092");
        assertThatThrownBy(() -> new Converters.NotBlank().convert(" ")).hasMessage("needs a value");
    }
}
