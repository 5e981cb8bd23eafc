package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TraceEntrySerdeTest {

    private final Serde<TraceEntry> serde = TraceEntry.serde();

    @Test
    void anEntryComesBackAsItWasWithItsAbsentFields() {
        TraceEntry full = new TraceEntry("orders", 5, 123_456_789_012L, "REJECTED", "UNKNOWN_ITEM", "o-1",
                Instant.parse("2026-12-06T04:00:00.123Z"), "processor-1:8080");
        TraceEntry bare = new TraceEntry("events", 0, 0, "DEAD_LETTERED", null, null, Instant.EPOCH, "é:1");

        assertThat(roundTrip(full)).isEqualTo(full);
        assertThat(roundTrip(bare)).isEqualTo(bare);
        assertThat(serde.serializer().serialize("t", full)).hasSizeLessThan(80);
    }

    @Test
    void aLongTextIsCutAtACharacterBoundary() {
        String id = "x" + "é".repeat(400);
        TraceEntry entry = new TraceEntry("orders", 1, 2, "COUNTED", null, id, Instant.EPOCH, "i");

        String read = roundTrip(entry).id();

        assertThat(read).hasSize(256).isEqualTo(id.substring(0, 256));
    }

    @Test
    void bytesThatAreNoEntryAreRefused() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 1, 2}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class);
    }

    private TraceEntry roundTrip(TraceEntry entry) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", entry));
    }
}
