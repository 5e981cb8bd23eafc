package dev.surge.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link TraceEntry} as bytes: a version byte, partition (4), offset (8), processed_at in epoch ms
 * (8), then topic, outcome, reason, id and instance, each as a length (2, -1 for none) and UTF-8.
 * About 80 bytes for an order; written on the stream thread for every traced record.
 */
final class TraceEntrySerde implements Serde<TraceEntry> {

    private static final byte VERSION = 1;
    private static final int FIXED = 1 + 4 + 8 + 8;
    /** Longer texts are cut: an id is at most a few dozen characters, and a trace entry stays small. */
    static final int MAX_TEXT_BYTES = 512;

    @Override
    public Serializer<TraceEntry> serializer() {
        return (topic, entry) -> entry == null ? null : write(entry);
    }

    @Override
    public Deserializer<TraceEntry> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private static byte[] write(TraceEntry entry) {
        byte[] sourceTopic = utf8(entry.topic());
        byte[] outcome = utf8(entry.outcome());
        byte[] reason = utf8(entry.reason());
        byte[] id = utf8(entry.id());
        byte[] instance = utf8(entry.instance());
        ByteBuffer out = ByteBuffer.allocate(FIXED + sized(sourceTopic) + sized(outcome) + sized(reason) + sized(id)
                + sized(instance));
        out.put(VERSION).putInt(entry.partition()).putLong(entry.offset()).putLong(entry.processedAt().toEpochMilli());
        for (byte[] text : new byte[][] {sourceTopic, outcome, reason, id, instance}) {
            put(out, text);
        }
        return out.array();
    }

    private static TraceEntry read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                throw new SerializationException("not a trace entry: version " + bytes[0]);
            }
            int partition = in.getInt();
            long offset = in.getLong();
            Instant processedAt = Instant.ofEpochMilli(in.getLong());
            return new TraceEntry(text(in), partition, offset, text(in), text(in), text(in), processedAt, text(in));
        } catch (RuntimeException e) {
            throw e instanceof SerializationException s ? s
                    : new SerializationException("not a trace entry (" + bytes.length + " bytes): " + e, e);
        }
    }

    private static byte[] utf8(String text) {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_TEXT_BYTES) {
            return bytes;
        }
        // Cut at a character boundary: a continuation byte is 10xxxxxx.
        int end = MAX_TEXT_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    private static int sized(byte[] text) {
        return 2 + (text == null ? 0 : text.length);
    }

    private static void put(ByteBuffer out, byte[] text) {
        if (text == null) {
            out.putShort((short) -1);
        } else {
            out.putShort((short) text.length).put(text);
        }
    }

    private static String text(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return null;
        }
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }
}
