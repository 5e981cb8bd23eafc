package dev.surge.schemas;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads untrusted bytes into Surge's records against the JSON Schema files in {@code schemas/}.
 * The ingress and the topology both call this class, so a rule cannot differ between the two.
 */
public final class MessageValidator {

    private final Schema orderSchema;
    private final Schema inventoryCommandSchema;

    /** @param maxQuantity the largest quantity one order may ask for (ORDER_MAX_QUANTITY) */
    public MessageValidator(int maxQuantity) {
        if (maxQuantity < 1) {
            throw new IllegalArgumentException("maxQuantity must be at least 1, was " + maxQuantity);
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        ObjectNode order = (ObjectNode) load("order-request.schema.json");
        ((ObjectNode) order.path("properties").path("quantity")).put("maximum", maxQuantity);
        this.orderSchema = registry.getSchema(SchemaLocation.of(order.path("$id").asText()), order);
        JsonNode command = load("inventory-command.schema.json");
        this.inventoryCommandSchema = registry.getSchema(SchemaLocation.of(command.path("$id").asText()), command);
    }

    public Validated<OrderRequest> order(byte[] body) {
        return read(body, orderSchema, OrderRequest.class);
    }

    public Validated<InventoryCommand> inventoryCommand(byte[] body) {
        return read(body, inventoryCommandSchema, InventoryCommand.class);
    }

    /** Validates an already parsed body, e.g. one the HTTP layer built from path and payload. */
    public Validated<InventoryCommand> inventoryCommand(JsonNode body) {
        return check(body, inventoryCommandSchema, InventoryCommand.class);
    }

    /** Parses untrusted bytes as one JSON document (strictly, see {@link Json}); no schema yet. */
    public static Validated<JsonNode> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new Validated.Invalid<>(true, List.of(new FieldError("", "body is empty")));
        }
        // Decoded strictly first: given bytes, Jackson would guess UTF-16 or UTF-32 by itself and
        // take overlong UTF-8 ("C1 81" for "A"), so text that was never UTF-8 would pass as such.
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Validated.Invalid<>(true, List.of(new FieldError("", "body is not UTF-8")));
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            return new Validated.Invalid<>(true, List.of(new FieldError("", "over a limit: nesting deeper than "
                    + Json.MAX_NESTING_DEPTH + ", a string longer than " + Json.MAX_STRING_LENGTH
                    + " characters or a number longer than " + Json.MAX_NUMBER_LENGTH + " digits")));
        } catch (JacksonException e) {
            return new Validated.Invalid<>(true, List.of(new FieldError("", "not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + at(e))));
        } catch (NumberFormatException e) {
            // Exact decimals have a bounded exponent: 1e99999999999 is JSON, but no number we can hold.
            return new Validated.Invalid<>(true, List.of(new FieldError("", "a number is out of range")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            return new Validated.Invalid<>(true, List.of(new FieldError("", "body is empty")));
        }
        return new Validated.Valid<>(node);
    }

    private static String at(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static <T> Validated<T> read(byte[] body, Schema schema, Class<T> type) {
        return switch (parse(body)) {
            case Validated.Valid<JsonNode> valid -> check(valid.value(), schema, type);
            case Validated.Invalid<JsonNode> invalid -> new Validated.Invalid<>(true, invalid.errors());
        };
    }

    private static <T> Validated<T> check(JsonNode node, Schema schema, Class<T> type) {
        List<Error> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            List<FieldError> fields = new ArrayList<>();
            for (Error error : errors) {
                fields.add(new FieldError(fieldOf(error), messageOf(error)));
            }
            fields.sort(Comparator.comparing(FieldError::field));
            return new Validated.Invalid<>(false, List.copyOf(fields));
        }
        try {
            return new Validated.Valid<>(Json.MAPPER.treeToValue(node, type));
        } catch (JacksonException e) {
            // The schema and the record disagree: a bug in Surge, but still the message's refusal.
            return new Validated.Invalid<>(false, List.of(new FieldError("", "cannot read: " + e.getOriginalMessage())));
        }
    }

    private static String fieldOf(Error error) {
        String field = dotted(error.getInstanceLocation().toString());
        // "required" and "additionalProperties" report on the parent; name the property itself.
        if (error.getProperty() != null && ("required".equals(error.getKeyword())
                || "additionalProperties".equals(error.getKeyword()))) {
            return field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
        }
        return field;
    }

    /** "/items/0/name" (JSON Pointer) or "$.items[0].name" (JSON Path) → "items.0.name". */
    private static String dotted(String path) {
        if (path.startsWith("$")) {
            return path.replaceFirst("^\\$\\.?", "").replaceAll("\\[(\\d+)]", ".$1");
        }
        String field = path.startsWith("/") ? path.substring(1) : path;
        return field.replace('/', '.').replace("~1", "/").replace("~0", "~");
    }

    private static String messageOf(Error error) {
        return switch (error.getKeyword()) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            case "pattern" -> "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'";
            default -> {
                // The library prefixes its messages with the instance path; the field says that already.
                String message = error.getMessage();
                int colon = message.indexOf(": ");
                yield colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
            }
        };
    }

    private static JsonNode load(String file) {
        try (InputStream in = MessageValidator.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema " + file + " is missing from the classpath");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }
}
