package dev.surge.topology;

import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;

/**
 * An open order as the holds store keeps it: its latest result (RESERVED or WAITLISTED, with
 * expires_at) and, while it waits, its place in the item's line (the line entry's key).
 *
 * <p>Written on every reservation, so in a compact binary form rather than JSON (a third of the
 * bytes, for the store and its changelog): a version byte, then each field in the order of
 * {@link OrderResult}'s components, strings as modified UTF-8 behind a presence flag, times as
 * epoch second and nanosecond; {@code duplicate_of} is never set on an open order and not kept.
 */
record Hold(OrderResult result, String place) {

    private static final byte VERSION = 1;

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            text(out, result.orderId());
            text(out, result.itemId());
            text(out, result.userId());
            out.writeInt(result.quantity());
            text(out, result.status().name());
            text(out, result.reason());
            out.writeBoolean(result.remaining() != null);
            out.writeLong(result.remaining() == null ? 0 : result.remaining());
            text(out, result.correlationId());
            time(out, result.acceptedAt());
            time(out, result.processedAt());
            text(out, result.clientOrderId());
            text(out, result.placedBy());
            time(out, result.expiresAt());
            text(out, place);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a hold", e);
        }
        return bytes.toByteArray();
    }

    static Hold from(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                throw new SerializationException("hold value of unknown format (first byte " + bytes[0] + ")");
            }
            String orderId = text(in);
            String itemId = text(in);
            String userId = text(in);
            int quantity = in.readInt();
            OrderStatus status = OrderStatus.valueOf(text(in));
            String reason = text(in);
            boolean hasRemaining = in.readBoolean();
            long remaining = in.readLong();
            OrderResult result = new OrderResult(orderId, itemId, userId, quantity, status, reason, null,
                    hasRemaining ? remaining : null, text(in), time(in), time(in), text(in), text(in), time(in));
            return new Hold(result, text(in));
        } catch (IOException e) {
            throw new SerializationException("hold value cut short", e);
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void time(DataOutputStream out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant time(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
