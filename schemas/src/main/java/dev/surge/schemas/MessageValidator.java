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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads untrusted bytes into Surge's records against the JSON Schema files in {@code schemas/}.
 * The ingress and the topology both call this class, so a rule cannot differ between the two.
 */
public final class MessageValidator {

    /** EVENTS_MAX_EVENT_BYTES's default: 32 KiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 32 * 1024;

    /** Friendly words for the schemas' patterns; any other pattern is quoted as is. */
    private static final Map<String, String> PATTERN_MESSAGES = Map.of(
            "^[A-Za-z0-9_-]{1,64}$", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'",
            "^[A-Za-z0-9_.:-]{1,128}$", "must be 1-128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'",
            "^[A-Za-z0-9_.-]{1,64}$", "must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' or '-'");

    private final OrderFastPath orderFastPath;
    private final Schema orderSchema;
    private final Schema inventoryCommandSchema;
    private final Schema orderCommandSchema;
    private final Schema eventSchema;
    private final int maxEventBytes;

    /** @param maxQuantity the largest quantity one order may ask for (ORDER_MAX_QUANTITY) */
    public MessageValidator(int maxQuantity) {
        this(maxQuantity, DEFAULT_MAX_EVENT_BYTES);
    }

    /** @param maxEventBytes the largest one analytics event may be as JSON (EVENTS_MAX_EVENT_BYTES) */
    public MessageValidator(int maxQuantity, int maxEventBytes) {
        if (maxQuantity < 1) {
            throw new IllegalArgumentException("maxQuantity must be at least 1, was " + maxQuantity);
        }
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be at least 1, was " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
        this.orderFastPath = new OrderFastPath(maxQuantity);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        ObjectNode order = (ObjectNode) load("order-request.schema.json");
        ((ObjectNode) order.path("properties").path("quantity")).put("maximum", maxQuantity);
        this.orderSchema = registry.getSchema(SchemaLocation.of(order.path("$id").asText()), order);
        JsonNode command = load("inventory-command.schema.json");
        this.inventoryCommandSchema = registry.getSchema(SchemaLocation.of(command.path("$id").asText()), command);
        JsonNode lifecycle = load("order-command.schema.json");
        this.orderCommandSchema = registry.getSchema(SchemaLocation.of(lifecycle.path("$id").asText()), lifecycle);
        JsonNode event = load("analytics-event.schema.json");
        this.eventSchema = registry.getSchema(SchemaLocation.of(event.path("$id").asText()), event);
    }

    /** Plainly valid orders (nearly all) are read in one streaming pass; the schema judges the rest. */
    public Validated<OrderRequest> order(byte[] body) {
        OrderRequest plain = orderFastPath.read(body);
        return plain != null ? new Validated.Valid<>(plain) : orderBySchema(body);
    }

    /** The order as the JSON Schema alone judges it: what {@link #order} must always agree with. */
    Validated<OrderRequest> orderBySchema(byte[] body) {
        return read(body, orderSchema, OrderRequest.class);
    }

    public Validated<InventoryCommand> inventoryCommand(byte[] body) {
        return read(body, inventoryCommandSchema, InventoryCommand.class);
    }

    /** Validates an already parsed body, e.g. one the HTTP layer built from path and payload. */
    public Validated<InventoryCommand> inventoryCommand(JsonNode body) {
        return check(body, inventoryCommandSchema, InventoryCommand.class);
    }

    public Validated<OrderCommand> orderCommand(byte[] body) {
        return read(body, orderCommandSchema, OrderCommand.class);
    }

    /** One analytics event as a record's bytes; refused past the event size limit before it is parsed. */
    public Validated<AnalyticsEvent> event(byte[] body) {
        if (body != null && body.length > maxEventBytes) {
            return new Validated.Invalid<>(false, List.of(tooLarge(body.length)));
        }
        return switch (parse(body)) {
            case Validated.Valid<JsonNode> valid -> event(valid.value(), body.length);
            case Validated.Invalid<JsonNode> invalid -> new Validated.Invalid<>(true, invalid.errors());
        };
    }

    /**
     * One analytics event out of a parsed batch.
     *
     * @param encodedBytes its size as JSON (the ingress measures the element it parsed)
     */
    public Validated<AnalyticsEvent> event(JsonNode node, int encodedBytes) {
        if (encodedBytes > maxEventBytes) {
            return new Validated.Invalid<>(false, List.of(tooLarge(encodedBytes)));
        }
        List<Error> errors = eventSchema.validate(node);
        if (!errors.isEmpty()) {
            return new Validated.Invalid<>(false, fieldErrors(errors));
        }
        Instant timestamp = null;
        if (node.hasNonNull("timestamp")) {
            try {
                timestamp = AnalyticsEvent.parseTimestamp(node.get("timestamp").asText());
            } catch (DateTimeParseException e) {
                return new Validated.Invalid<>(false, List.of(new FieldError("timestamp",
                        "is not a valid RFC 3339 date-time")));
            }
        }
        JsonNode metadata = node.has("metadata") ? node.get("metadata") : Json.MAPPER.createObjectNode();
        return new Validated.Valid<>(new AnalyticsEvent(text(node, "event_id"), text(node, "session_id"),
                text(node, "user_id"), text(node, "event_type"), text(node, "event_action"), metadata, timestamp));
    }

    private FieldError tooLarge(int bytes) {
        return new FieldError("", "event is " + bytes + " bytes; at most " + maxEventBytes + " are accepted");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
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
            return new Validated.Invalid<>(false, fieldErrors(errors));
        }
        try {
            return new Validated.Valid<>(Json.MAPPER.treeToValue(node, type));
        } catch (JacksonException e) {
            // The schema and the record disagree: a bug in Surge, but still the message's refusal.
            return new Validated.Invalid<>(false, List.of(new FieldError("", "cannot read: " + e.getOriginalMessage())));
        }
    }

    private static List<FieldError> fieldErrors(List<Error> errors) {
        List<FieldError> fields = new ArrayList<>();
        for (Error error : errors) {
            fields.add(new FieldError(fieldOf(error), messageOf(error)));
        }
        fields.sort(Comparator.comparing(FieldError::field));
        return List.copyOf(fields);
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
            case "pattern" -> {
                String pattern = error.getSchemaNode() == null ? "" : error.getSchemaNode().asText();
                yield PATTERN_MESSAGES.getOrDefault(pattern, "must match " + pattern);
            }
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
