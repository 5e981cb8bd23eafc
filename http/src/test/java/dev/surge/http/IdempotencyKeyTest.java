package dev.surge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    @Test
    void acceptsOneTo255PrintableAsciiCharacters() {
        assertThat(IdempotencyKey.isValid("k")).isTrue();
        assertThat(IdempotencyKey.isValid("a key with spaces & ~punctuation!")).isTrue();
        assertThat(IdempotencyKey.isValid("k".repeat(255))).isTrue();
    }

    @Test
    void refusesEmptyTooLongControlAndNonAscii() {
        assertThat(IdempotencyKey.isValid("")).isFalse();
        assertThat(IdempotencyKey.isValid("k".repeat(256))).isFalse();
        assertThat(IdempotencyKey.isValid("tab\there")).isFalse();
        assertThat(IdempotencyKey.isValid("caf\u00e9")).isFalse();
        assertThat(IdempotencyKey.isValid("del\u007f")).isFalse();
    }
}
