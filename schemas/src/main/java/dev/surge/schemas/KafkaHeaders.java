package dev.surge.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Header names Surge puts on the records it produces, and reads from any producer's records. */
public final class KafkaHeaders {

    public static final String CORRELATION_ID = "correlation_id";
    public static final String IDEMPOTENCY_KEY = "idempotency_key";
    public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;

    private KafkaHeaders() {
    }

    /** The rule for an idempotency key, over HTTP and on Kafka alike: 1-255 printable ASCII characters. */
    public static boolean isValidIdempotencyKey(String key) {
        return key != null && !key.isEmpty() && key.length() <= IDEMPOTENCY_KEY_MAX_LENGTH
                && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /** The last value of a header as UTF-8, or null when absent. */
    public static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.remove(name);
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
