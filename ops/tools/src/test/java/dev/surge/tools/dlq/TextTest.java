package dev.surge.tools.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void textStaysOnOneLineAndIsCutWithANote() {
        assertThat(Text.bytes("a\nb\tc".getBytes(StandardCharsets.UTF_8), 100)).isEqualTo("a\\nb\\tc");
        assertThat(Text.bytes("x".repeat(30).getBytes(StandardCharsets.UTF_8), 10))
                .isEqualTo("xxxxxxxxxx... (20 more chars)");
        assertThat(Text.bytes(null, 10)).isEqualTo("(null)");
    }

    @Test
    void terminalControlsAreEscaped() {
        // ESC [31m (colour), OSC title, a C1 CSI (0x9b), DEL, a bidi override and a line separator.
        String hostile = "\u001b[31mred\u001b]0;title\u0007\u009b2J\u007f\u202eevil\u2028next";
        assertThat(Text.oneLine(hostile, 200)).isEqualTo(
                "\\u001b[31mred\\u001b]0;title\\u0007\\u009b2J\\u007f\\u202eevil\\u2028next");
        assertThat(Text.bytes(hostile.getBytes(StandardCharsets.UTF_8), 200)).doesNotContain("\u001b", "\u009b",
                "\u007f", "\u202e", "\u2028");
        assertThat(Text.oneLine("caf\u00e9 \u4e2d", 10)).as("printable text stays").isEqualTo("caf\u00e9 \u4e2d");
    }

    @Test
    void bytesThatAreNotUtf8AreShownAsHex() {
        assertThat(Text.bytes(new byte[] {(byte) 0xff, 0x00, 0x10}, 100)).isEqualTo("(3 bytes, not UTF-8) ff0010");
    }

    @Test
    void agesUseTheTwoLargestUnits() {
        assertThat(Text.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Text.age(Duration.ofSeconds(303))).isEqualTo("5m 3s");
        assertThat(Text.age(Duration.ofMinutes(125))).isEqualTo("2h 5m");
        assertThat(Text.age(Duration.ofHours(76))).isEqualTo("3d 4h");
        assertThat(Text.age(Duration.ofSeconds(-5))).isEqualTo("0s");
    }
}
