package dev.surge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schemas are the contract other producers and consumers code against; the records are what
 * Surge reads and writes. {@link Json#MAPPER} ignores unknown fields and reads an absent or null
 * number into a primitive as 0, so drift fails nowhere on its own: a renamed field would pass the
 * schema and be dropped, or silently default. Hence: names match both ways, as Jackson itself
 * names them for writing and for reading. A primitive must be required and non-null in the
 * schema, so that the schema refuses a missing value instead of the record making it 0. An
 * optional property Jackson writes as null must allow null, or Surge's own output would break its
 * contract. JSON bodies are closed (additionalProperties false): with unknown fields ignored, the
 * schema is the only place a misspelled optional field is refused. DLQ headers sit beside the
 * source record's own headers, so that schema stays open, and its names are checked against what
 * {@link DlqRecord#writeTo} writes. A oneOf of required alternatives (daily or hourly metric row)
 * is one record per alternative: the common properties plus that alternative's own.
 */
class SchemaRecordAgreementTest {

    /** Every schema file, with the records that carry it and whether it is a JSON body (not headers). */
    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of("order-request.schema.json", OrderRequest.class, true),
                Arguments.of("order-result.schema.json", OrderResult.class, true),
                Arguments.of("inventory-command.schema.json", InventoryCommand.class, true),
                Arguments.of("order-command.schema.json", OrderCommand.class, true),
                Arguments.of("analytics-event.schema.json", AnalyticsEvent.class, true),
                Arguments.of("daily-metric.schema.json", DailyMetric.class, true),
                Arguments.of("daily-metric.schema.json", HourlyMetric.class, true),
                Arguments.of("dlq-headers.schema.json", DlqRecord.class, false),
                Arguments.of("audit-record.schema.json", AuditRecord.class, true));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("mappings")
    void schemaAndRecordAgree(String file, Class<?> type, boolean jsonBody) {
        assertThat(differences(schema(file),  type, jsonBody)).as(file + " ~ " + type.getSimpleName()).isEmpty();
    }

    @Test
    void everySchemaFileIsMapped() throws IOException, URISyntaxException {
        // Listed from the main classes' own root, so a test resource cannot hide a file.
        Path root = Path.of(MessageValidator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> mapped = mappings().map(row -> (String) row.get()[0]).distinct().toList();
        try (Stream<Path> files = Files.list(root.resolve("schemas"))) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")))
                    .isNotEmpty().containsExactlyInAnyOrderElementsOf(mapped);
        }
    }

    @Test
    void dlqHeadersOnTheWireAreTheSchemasProperties() {
        RecordHeaders headers = new RecordHeaders();
        new DlqRecord(DlqRecord.Reason.LATE, "e", "t", 1, 2L, "c", Instant.EPOCH, 3L, 4).writeTo(headers);
        Set<String> written = Arrays.stream(headers.toArray()).map(Header::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(written).isEqualTo(names(schema("dlq-headers.schema.json").path("properties")));
    }

    /** A drifted pair: user_id renamed, a primitive left optional, a nested record and more. */
    record Renamed(String orderId, String userName, int quantity, Inner inner, String metadata) { }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Inner(String kept, String b) { }

    @Test
    void reportsEveryKindOfDrift() throws IOException {
        JsonNode schema = Json.MAPPER.readTree("""
                {"type": "object", "required": ["order_id", "ghost"],
                 "oneOf": [{"required": ["day"]}, {"required": ["hour"]}],
                 "properties": {
                   "order_id": {"type": "string"}, "user_id": {"type": "string"},
                   "quantity": {"type": ["integer", "null"]},
                   "inner": {"type": "object", "additionalProperties": false,
                             "properties": {"kept": {"type": "string"}, "a": {"type": "string"}}},
                   "metadata": {"type": "object"}}}""");

        assertThat(differences(schema, Renamed.class, true)).containsExactlyInAnyOrder(
                "Renamed: additionalProperties is not false",
                "Renamed: has the properties of 0 oneOf alternatives, not of one",
                "Renamed: required ghost is not a property of the record",
                "Renamed.user_id: in the schema, not written by Jackson",
                "Renamed.user_id: in the schema, not read by Jackson",
                "Renamed.user_name: written by Jackson, not in the schema",
                "Renamed.user_name: read by Jackson, not in the schema",
                "Renamed.quantity: primitive int, but optional or nullable in the schema",
                "Renamed.metadata: a free-form object in the schema, but java.lang.String",
                "Renamed.metadata: optional and written as null, but the schema does not allow null",
                "Renamed.inner: optional and written as null, but the schema does not allow null",
                "Renamed.inner.a: in the schema, not written by Jackson",
                "Renamed.inner.a: in the schema, not read by Jackson",
                "Renamed.inner.b: written by Jackson, not in the schema",
                "Renamed.inner.b: read by Jackson, not in the schema");
    }

    /** What differs between an object schema and a record, a line each; empty when they agree. */
    static List<String> differences(JsonNode schema, Class<?> type, boolean jsonBody) {
        List<String> out = new ArrayList<>();
        compare(schema, schema, Json.MAPPER.constructType(type), type.getSimpleName(), jsonBody, out);
        return out;
    }

    /** Compares one object schema; {@code root} holds the "$defs" its references point into. */
    private static void compare(JsonNode root, JsonNode schema, JavaType type, String at, boolean jsonBody,
                                List<String> out) {
        SerializationConfig config = Json.MAPPER.getSerializationConfig();
        BeanDescription bean = config.introspect(type);
        Map<String, BeanPropertyDefinition> written = byName(bean);
        Set<String> read = byName(Json.MAPPER.getDeserializationConfig().introspect(type)).keySet();
        JsonNode properties = schema.path("properties");
        Set<String> expected = names(properties);
        Set<String> required = strings(schema.path("required"));
        // oneOf alternatives: drop the names only other alternatives need, keep this record's own.
        int matched = 0;
        for (JsonNode alternative : schema.path("oneOf")) {
            Set<String> names = strings(alternative.path("required"));
            if (written.keySet().containsAll(names)) {
                required.addAll(names);
                matched++;
            } else {
                expected.removeAll(names);
            }
        }
        if (schema.has("oneOf") && matched != 1) {
            out.add(at + ": has the properties of " + matched + " oneOf alternatives, not of one");
        }
        if (jsonBody && schema.path("additionalProperties").asBoolean(true)) {
            out.add(at + ": additionalProperties is not false");
        }
        required.stream().filter(name -> !written.containsKey(name))
                .forEach(name -> out.add(at + ": required " + name + " is not a property of the record"));
        mismatches(expected, written.keySet(), "written", at, out);
        mismatches(expected, read, "read", at, out);
        for (BeanPropertyDefinition property : written.values()) {
            String name = property.getName();
            if (!expected.contains(name)) {
                continue; // reported above
            }
            String here = at + "." + name + ": ";
            JavaType javaType = property.getPrimaryType();
            JsonNode node = resolve(root, properties.path(name));
            Set<String> types = strings(node.path("type"));
            boolean optional = !required.contains(name);
            if (javaType.isPrimitive() && (optional || types.contains("null"))) {
                out.add(here + "primitive " + javaType.getRawClass() + ", but optional or nullable in the schema");
            } else if (jsonBody && optional && !types.contains("null") && writesNull(config, bean, property)) {
                out.add(here + "optional and written as null, but the schema does not allow null");
            }
            if (node.has("properties")) {
                compare(root, node, javaType, at + "." + name, jsonBody, out);
            } else if (types.contains("object") && !JsonNode.class.isAssignableFrom(javaType.getRawClass())
                    && !javaType.isMapLikeType()) {
                out.add(here + "a free-form object in the schema, but " + javaType.getRawClass().getName());
            }
        }
    }

    /** Whether Jackson writes the property's null, rather than leaving it out. */
    private static boolean writesNull(SerializationConfig config, BeanDescription bean,
                                      BeanPropertyDefinition property) {
        JsonInclude.Include inclusion = config.getDefaultPropertyInclusion(bean.getBeanClass())
                .withOverrides(bean.findPropertyInclusion(JsonInclude.Value.empty()))
                .withOverrides(property.findInclusion()).getValueInclusion();
        return inclusion == JsonInclude.Include.ALWAYS || inclusion == JsonInclude.Include.USE_DEFAULTS;
    }

    private static void mismatches(Set<String> schema, Set<String> jackson, String how, String at,
                                   List<String> out) {
        schema.stream().filter(name -> !jackson.contains(name))
                .forEach(name -> out.add(at + "." + name + ": in the schema, not " + how + " by Jackson"));
        jackson.stream().filter(name -> !schema.contains(name))
                .forEach(name -> out.add(at + "." + name + ": " + how + " by Jackson, not in the schema"));
    }

    /** The properties as Jackson names them (snake_case, or whatever annotations say). */
    private static Map<String, BeanPropertyDefinition> byName(BeanDescription bean) {
        return bean.findProperties().stream().collect(Collectors.toMap(BeanPropertyDefinition::getName, p -> p));
    }

    /** A local "#/$defs/..." reference's target; any other node as it is. */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/") ? root.at(ref.substring(1)) : node;
    }

    /** The field names of an object node. */
    private static Set<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A string or an array of strings, as "type" and "required" hold them. */
    private static Set<String> strings(JsonNode node) {
        Set<String> strings = new TreeSet<>(node.isTextual() ? Set.of(node.asText()) : Set.of());
        node.forEach(element -> strings.add(element.asText()));
        return strings;
    }

    /** Loaded the way {@link MessageValidator} loads it, through the class path. */
    private static JsonNode schema(String file) {
        try (InputStream in = MessageValidator.class.getResourceAsStream("/schemas/" + file)) {
            assertThat(in).as("schema " + file).isNotNull();
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
