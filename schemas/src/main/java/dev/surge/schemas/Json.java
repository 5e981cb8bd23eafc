package dev.surge.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one ObjectMapper: snake_case on the wire, ISO-8601 timestamps, strict parsing. */
public final class Json {

    /** Deeper JSON than this is refused before it reaches the schema validator. */
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    public static final int MAX_NUMBER_LENGTH = 100;
    /**
     * Tokens in one document: a tree costs memory per token whatever the bytes, and a 1 MiB body of
     * tiny tokens would make ~500,000. Real bodies (1,000 events of a dozen fields) stay far below.
     */
    public static final long MAX_TOKEN_COUNT = 250_000;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{...}xyz" is not a JSON document.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Two "quantity" fields in one order would make the validator and the reader disagree.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Exact decimals in trees: as doubles, 2.00000000000000000001 would pass as the integer 2.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxTokenCount(MAX_TOKEN_COUNT)
                .build());
    }

    private Json() {
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
