package dev.surge.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderStatus;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The order-status table's values: the bytes of order-results as they are, so that a result is
 * turned into an object only when somebody reads it. Bytes are still checked on the way in, with
 * one pass of the streaming parser and no objects made: a JSON object with a string order_id and
 * a known status. Anything else (a stranger's garbage on order-results) fails here and goes to the
 * DLQ instead of into the table.
 */
final class ResultBytes implements Serde<byte[]> {

    private static final Set<String> STATUSES =
            Arrays.stream(OrderStatus.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    @Override
    public Serializer<byte[]> serializer() {
        return Serdes.ByteArray().serializer();
    }

    @Override
    public Deserializer<byte[]> deserializer() {
        return (topic, bytes) -> {
            if (bytes != null) {
                check(topic, bytes);
            }
            return bytes;
        };
    }

    private static void check(String topic, byte[] bytes) {
        boolean orderId = false;
        boolean status = false;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw unreadable(topic, "not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("order_id")) {
                    orderId = value == JsonToken.VALUE_STRING;
                } else if (field.equals("status")) {
                    status = value == JsonToken.VALUE_STRING && known(parser.getText());
                }
                parser.skipChildren();
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw unreadable(topic, "not one JSON object");
            }
        } catch (IOException e) {
            throw new SerializationException("cannot read an order result from " + topic + ": " + e.getMessage(), e);
        }
        if (!orderId || !status) {
            throw unreadable(topic, "no order_id or no known status");
        }
    }

    private static boolean known(String status) {
        return STATUSES.contains(status);
    }

    private static SerializationException unreadable(String topic, String why) {
        return new SerializationException("cannot read an order result from " + topic + ": " + why);
    }
}
