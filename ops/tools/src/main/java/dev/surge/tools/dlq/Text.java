package dev.surge.tools.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

/** How the dlq command writes bytes and ages for people: one line each, never a wall of text. */
final class Text {

    private Text() {
    }

    /**
     * UTF-8 text on one line (control characters escaped), cut after {@code max} characters with
     * a note of how much is left; bytes that are not UTF-8 as hex.
     */
    static String bytes(byte[] value, int max) {
        if (value == null) {
            return "(null)";
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            int shown = Math.min(value.length, max / 2);
            return "(" + value.length + " bytes, not UTF-8) " + HexFormat.of().formatHex(value, 0, shown)
                    + (shown < value.length ? "..." : "");
        }
        return oneLine(text, max);
    }

    /**
     * The text on one line, cut after {@code max} characters: every character a terminal could act
     * on is written as an escape ({@code \\n}, {@code \\u001b}), so that a record's bytes can
     * neither forge lines of this output nor send the terminal commands (colours, titles, cursor
     * moves, hyperlinks).
     */
    static String oneLine(String text, int max) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(unsafe(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return i < text.length() ? out + "... (" + (text.length() - i) + " more chars)" : out.toString();
    }

    /**
     * C0 controls (ESC among them), DEL, C1 controls (0x9b is a one-character CSI), and the
     * invisible formatting characters that reorder or split what is shown: bidi overrides and
     * isolates, line and paragraph separators, zero-width characters and the BOM.
     */
    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
    }

    /** {@code 42s}, {@code 5m 3s}, {@code 2h 5m}, {@code 3d 4h}: the two largest units are enough. */
    static String age(Duration age) {
        long s = Math.max(0, age.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }
}
