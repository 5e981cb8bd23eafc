package dev.surge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionValueTest {

    @Test
    void takesTheValueInEitherForm() {
        Deque<String> rest = new ArrayDeque<>(List.of("ingress", "--other"));
        assertThat(OptionValue.of("--role", "--role", rest)).isEqualTo("ingress");
        assertThat(rest).containsExactly("--other");
        assertThat(OptionValue.of("--role", "--role=processor", rest)).isEqualTo("processor");
    }

    @Test
    void isNullForAnotherArgumentOrAMissingValue() {
        Deque<String> rest = new ArrayDeque<>();
        assertThat(OptionValue.of("--role", "--roles=x", rest)).isNull();
        assertThat(OptionValue.of("--role", "--id", rest)).isNull();
        assertThat(OptionValue.of("--role", "--role", rest)).isNull();
    }
}
