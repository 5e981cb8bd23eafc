package dev.surge.topology.events;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running value of one metric in one window: an exact count, or a distinct count kept as an
 * UltraLogLog sketch (hash4j; a successor of HyperLogLog with the same use and a smaller error).
 *
 * <p>Precision {@value #PRECISION}: 8 KiB per sketch, relative standard error
 * {@value #RELATIVE_STANDARD_ERROR} (0.78 / sqrt(2^13)), so 98% of estimates are within 2%.
 * Instances are mutable and confined to the stream thread that aggregates them.
 */
public final class MetricValue {

    public static final int PRECISION = 13;
    public static final double RELATIVE_STANDARD_ERROR = 0.0086;

    private static final Hasher64 HASHER = Hashing.komihash5_0();
    private static final byte COUNT = 0;
    private static final byte DISTINCT = 1;

    private long count;
    private UltraLogLog sketch;

    private MetricValue(long count, UltraLogLog sketch) {
        this.count = count;
        this.sketch = sketch;
    }

    /** Nothing counted yet; whether this becomes a count or a distinct count is decided by the first {@link #add}. */
    public static MetricValue empty() {
        return new MetricValue(0, null);
    }

    /**
     * Counts one event: plain counts ignore {@code member}; distinct counts add it to the sketch.
     *
     * @return this value, for use as a Kafka Streams aggregator
     */
    public MetricValue add(boolean distinct, String member) {
        if (distinct) {
            if (sketch == null) {
                sketch = UltraLogLog.create(PRECISION);
            }
            sketch.add(HASHER.hashCharsToLong(member));
        } else {
            count++;
        }
        return this;
    }

    /** The count, or the distinct-count estimate rounded to a whole number. */
    public long value() {
        return sketch == null ? count : Math.round(sketch.getDistinctCountEstimate());
    }

    public static Serde<MetricValue> serde() {
        return new MetricValueSerde();
    }

    /** One tag byte, then the count (8 bytes) or the sketch's state (2^13 bytes). */
    private static final class MetricValueSerde implements Serde<MetricValue> {

        @Override
        public Serializer<MetricValue> serializer() {
            return (topic, value) -> {
                if (value == null) {
                    return null;
                }
                if (value.sketch == null) {
                    return ByteBuffer.allocate(9).put(COUNT).putLong(value.count).array();
                }
                byte[] state = value.sketch.getState();
                return ByteBuffer.allocate(1 + state.length).put(DISTINCT).put(state).array();
            };
        }

        @Override
        public Deserializer<MetricValue> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                if (bytes.length == 9 && bytes[0] == COUNT) {
                    return new MetricValue(ByteBuffer.wrap(bytes, 1, 8).getLong(), null);
                }
                if (bytes.length > 1 && bytes[0] == DISTINCT) {
                    byte[] state = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 1, state, 0, state.length);
                    return new MetricValue(0, UltraLogLog.wrap(state));
                }
                throw new SerializationException("not a metric value: " + bytes.length + " bytes, tag " + bytes[0]);
            };
        }
    }
}
