package dev.surge.schemas;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes an {@link OrderResult} as the exact bytes {@link Json#toBytes} would, without reflection
 * and without a {@link DateTimeFormatter} per timestamp: the topology writes one per order, and
 * the generic path cost it a tenth of its time. {@code OrderResultWriterTest} holds the two to the
 * same bytes over generated results.
 */
public final class OrderResultWriter {

    private static final SerializableString ORDER_ID = new SerializedString("order_id");
    private static final SerializableString ITEM_ID = new SerializedString("item_id");
    private static final SerializableString USER_ID = new SerializedString("user_id");
    private static final SerializableString QUANTITY = new SerializedString("quantity");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString REASON = new SerializedString("reason");
    private static final SerializableString DUPLICATE_OF = new SerializedString("duplicate_of");
    private static final SerializableString REMAINING = new SerializedString("remaining");
    private static final SerializableString CORRELATION_ID = new SerializedString("correlation_id");
    private static final SerializableString ACCEPTED_AT = new SerializedString("accepted_at");
    private static final SerializableString PROCESSED_AT = new SerializedString("processed_at");
    private static final SerializableString CLIENT_ORDER_ID = new SerializedString("client_order_id");
    private static final SerializableString PLACED_BY = new SerializedString("placed_by");
    private static final SerializableString EXPIRES_AT = new SerializedString("expires_at");

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    private OrderResultWriter() {
    }

    public static byte[] toBytes(OrderResult result) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256);
             JsonGenerator json = Json.MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            string(json, ORDER_ID, result.orderId());
            string(json, ITEM_ID, result.itemId());
            string(json, USER_ID, result.userId());
            json.writeFieldName(QUANTITY);
            json.writeNumber(result.quantity());
            string(json, STATUS, result.status() == null ? null : result.status().name());
            string(json, REASON, result.reason());
            string(json, DUPLICATE_OF, result.duplicateOf());
            json.writeFieldName(REMAINING);
            if (result.remaining() == null) {
                json.writeNull();
            } else {
                json.writeNumber(result.remaining());
            }
            string(json, CORRELATION_ID, result.correlationId());
            string(json, ACCEPTED_AT, iso(result.acceptedAt()));
            string(json, PROCESSED_AT, iso(result.processedAt()));
            string(json, CLIENT_ORDER_ID, result.clientOrderId());
            string(json, PLACED_BY, result.placedBy());
            string(json, EXPIRES_AT, iso(result.expiresAt()));
            json.writeEndObject();
            json.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an order result", e);
        }
    }

    private static void string(JsonGenerator json, SerializableString name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value);
    }

    /**
     * {@link DateTimeFormatter#ISO_INSTANT}'s text (as Jackson writes an Instant): the fraction
     * only when there is one, in groups of three digits. Years outside 0000-9999 take the formatter.
     */
    static String iso(Instant at) {
        if (at == null) {
            return null;
        }
        if (at.getEpochSecond() < YEAR_0 || at.getEpochSecond() >= YEAR_10000) {
            return DateTimeFormatter.ISO_INSTANT.format(at);
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
        char[] text = new char[30];
        int at0 = digits(text, 0, time.getYear(), 4);
        text[at0] = '-';
        at0 = digits(text, at0 + 1, time.getMonthValue(), 2);
        text[at0] = '-';
        at0 = digits(text, at0 + 1, time.getDayOfMonth(), 2);
        text[at0] = 'T';
        at0 = digits(text, at0 + 1, time.getHour(), 2);
        text[at0] = ':';
        at0 = digits(text, at0 + 1, time.getMinute(), 2);
        text[at0] = ':';
        at0 = digits(text, at0 + 1, time.getSecond(), 2);
        int nanos = at.getNano();
        if (nanos != 0) {
            text[at0++] = '.';
            if (nanos % 1_000_000 == 0) {
                at0 = digits(text, at0, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at0 = digits(text, at0, nanos / 1_000, 6);
            } else {
                at0 = digits(text, at0, nanos, 9);
            }
        }
        text[at0++] = 'Z';
        return new String(text, 0, at0);
    }

    /** Writes {@code value} zero-padded to {@code width} digits at {@code from}; returns the next position. */
    private static int digits(char[] text, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return from + width;
    }
}
