package dev.surge.schemas;

import java.io.IOException;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Jackson serde for Surge's own records. It trusts its input: use it for topics and stores that
 * only Surge writes. Input topics are read as bytes and go through {@link MessageValidator}.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final Function<T, byte[]> writer;

    public JsonSerde(Class<T> type) {
        this(type, Json::toBytes);
    }

    /** @param writer writes exactly what {@link Json#toBytes} would, faster (a hot path's own writer) */
    public JsonSerde(Class<T> type, Function<T, byte[]> writer) {
        this.type = type;
        this.writer = writer;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : writer.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}
