package dev.surge.query.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * An instance's latency histogram as it travels to the instance that merges the activity:
 * HdrHistogram's compressed encoding, in base64 (a minute's histogram is a few hundred bytes). One
 * that does not decode fails the whole answer, so its instance is counted as missing.
 */
public final class LatencyHistogram {

    private final Histogram histogram;

    LatencyHistogram(Histogram histogram) {
        this.histogram = histogram;
    }

    Histogram histogram() {
        return histogram;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LatencyHistogram decode(String base64) {
        try {
            return new LatencyHistogram(Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0));
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("latency_histogram is not a compressed HdrHistogram in base64", e);
        }
    }

    @JsonValue
    String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
