package dev.surge.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Accepts the orders that are plainly valid in one pass of the streaming parser, with no tree and
 * no schema walk: a flat ASCII object of the known fields, ids of 1-64 of [A-Za-z0-9_-], a
 * plain integer quantity in range. It only ever says yes or "ask the schema": anything unusual
 * (another field, a null, a decimal, a repeated field, trailing text) returns null, and
 * {@link MessageValidator} then decides with the JSON Schema, which stays the source of truth
 * and the only source of error messages. {@code OrderFastPathTest} holds it to the schema over
 * generated valid and invalid orders.
 */
final class OrderFastPath {

    private static final int MAX_ID_LENGTH = 64;

    private final int maxQuantity;

    OrderFastPath(int maxQuantity) {
        this.maxQuantity = maxQuantity;
    }

    /** The order, when it is certainly valid; null when the schema must decide. */
    OrderRequest read(byte[] body) {
        if (body == null || !ascii(body)) {
            return null;
        }
        String orderId = null;
        String clientOrderId = null;
        String placedBy = null;
        String userId = null;
        String itemId = null;
        int quantity = 0;
        Boolean waitlist = null;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            // Repeats of the known fields are refused below; any other field is refused anyway.
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String id = value == JsonToken.VALUE_STRING ? id(parser.getText()) : null;
                // Each field once, and valid; anything else is the schema's to judge.
                switch (field) {
                    case "order_id" -> {
                        if (orderId != null || id == null) {
                            return null;
                        }
                        orderId = id;
                    }
                    case "client_order_id" -> {
                        if (clientOrderId != null || id == null) {
                            return null;
                        }
                        clientOrderId = id;
                    }
                    case "placed_by" -> {
                        if (placedBy != null || id == null || !keyId(id)) {
                            return null;
                        }
                        placedBy = id;
                    }
                    case "user_id" -> {
                        if (userId != null || id == null) {
                            return null;
                        }
                        userId = id;
                    }
                    case "item_id" -> {
                        if (itemId != null || id == null) {
                            return null;
                        }
                        itemId = id;
                    }
                    case "quantity" -> {
                        int units = quantity(parser, value);
                        if (quantity != 0 || units == 0) {
                            return null;
                        }
                        quantity = units;
                    }
                    case "waitlist" -> {
                        if (waitlist != null || !value.isBoolean()) {
                            return null;
                        }
                        waitlist = value == JsonToken.VALUE_TRUE;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (parser.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            // Not JSON, or over a limit: the schema path says which.
            return null;
        }
        if (userId == null || itemId == null || quantity == 0) {
            return null;
        }
        return new OrderRequest(orderId, userId, itemId, quantity, clientOrderId, placedBy, waitlist);
    }

    /** A quantity in range as a plain JSON integer, else 0. */
    private int quantity(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
            return 0;
        }
        int quantity = parser.getIntValue();
        return quantity >= 1 && quantity <= maxQuantity ? quantity : 0;
    }

    /** The text when it matches the schema's id pattern, else null. */
    private static String id(String text) {
        if (text.isEmpty() || text.length() > MAX_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return null;
            }
        }
        return text;
    }

    /** An id (already checked) that also matches placed_by's pattern: a key id, [a-z0-9][a-z0-9-]{0,31}. */
    private static boolean keyId(String id) {
        if (id.length() > 32 || id.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Printable ASCII and JSON's whitespace are valid UTF-8, and with no zero byte Jackson cannot
     * take them for UTF-16 or UTF-32; anything else takes the strict decoder's path.
     */
    private static boolean ascii(byte[] body) {
        for (byte b : body) {
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
