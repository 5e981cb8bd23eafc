package dev.surge.topology;

import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.JsonSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The inventory store's value format: a version byte and fixed fields, read and written on every
 * order, where JSON (and its ISO timestamps) cost a fifth of the topology's time. Values an older
 * Surge wrote (JSON, first byte '{', or version 1) are still read, so state survives an upgrade;
 * they are rewritten in this format the next time the item changes.
 *
 * <pre>
 *   2 | item_id length (int) | item_id (UTF-8) | available | reserved | supplied (longs)
 *     | updated_at seconds (long) | updated_at nanos (int, -1 when there is no updated_at)
 *     | confirmed | waitlisted (longs; version 1 ends before them: both 0)
 * </pre>
 */
final class InventoryLevelSerde implements Serde<InventoryLevel> {

    static final byte VERSION = 2;
    private static final byte VERSION_1 = 1;
    private static final byte JSON_START = '{';
    private static final int NO_TIME = -1;

    private final Serde<InventoryLevel> legacy = new JsonSerde<>(InventoryLevel.class);

    @Override
    public Serializer<InventoryLevel> serializer() {
        return (topic, level) -> level == null ? null : write(level);
    }

    @Override
    public Deserializer<InventoryLevel> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON_START) {
                return legacy.deserializer().deserialize(topic, bytes);
            }
            return read(bytes);
        };
    }

    static byte[] write(InventoryLevel level) {
        byte[] item = level.itemId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + item.length + 8 * 4 + 4 + 8 * 2);
        buffer.put(VERSION).putInt(item.length).put(item)
                .putLong(level.available()).putLong(level.reserved()).putLong(level.supplied());
        Instant at = level.updatedAt();
        buffer.putLong(at == null ? 0 : at.getEpochSecond()).putInt(at == null ? NO_TIME : at.getNano());
        buffer.putLong(level.confirmed()).putLong(level.waitlisted());
        return buffer.array();
    }

    static InventoryLevel read(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] != VERSION && bytes[0] != VERSION_1)) {
            throw new SerializationException("inventory value of unknown format (first byte "
                    + (bytes.length == 0 ? "none" : bytes[0]) + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        byte[] item = new byte[buffer.getInt()];
        buffer.get(item);
        long available = buffer.getLong();
        long reserved = buffer.getLong();
        long supplied = buffer.getLong();
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        boolean lifecycle = bytes[0] == VERSION;
        long confirmed = lifecycle ? buffer.getLong() : 0;
        long waitlisted = lifecycle ? buffer.getLong() : 0;
        return new InventoryLevel(new String(item, StandardCharsets.UTF_8), available, reserved, supplied,
                nanos == NO_TIME ? null : Instant.ofEpochSecond(seconds, nanos), confirmed, waitlisted);
    }
}
