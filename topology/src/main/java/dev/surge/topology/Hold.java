package dev.surge.topology;

import dev.surge.schemas.JsonSerde;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderResultWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * An open order as the holds store keeps it: its latest result (RESERVED or WAITLISTED, with
 * expires_at) and, while it waits, its place in the item's line (the line entry's key).
 *
 * <pre>
 *   1 | place length (int, -1: none) | place (UTF-8) | the result as order-results holds it (JSON)
 * </pre>
 */
record Hold(OrderResult result, String place) {

    private static final byte VERSION = 1;
    private static final int NO_PLACE = -1;
    private static final Deserializer<OrderResult> RESULTS = new JsonSerde<>(OrderResult.class).deserializer();

    byte[] toBytes() {
        byte[] json = OrderResultWriter.toBytes(result);
        byte[] at = place == null ? new byte[0] : place.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + at.length + json.length).put(VERSION)
                .putInt(place == null ? NO_PLACE : at.length).put(at).put(json).array();
    }

    static Hold from(byte[] bytes) {
        if (bytes.length < 5 || bytes[0] != VERSION) {
            throw new SerializationException("hold value of unknown format");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        int length = buffer.getInt();
        String place = null;
        if (length != NO_PLACE) {
            byte[] at = new byte[length];
            buffer.get(at);
            place = new String(at, StandardCharsets.UTF_8);
        }
        byte[] json = new byte[buffer.remaining()];
        buffer.get(json);
        return new Hold(RESULTS.deserialize(OrderStores.HOLDS, json), place);
    }
}
