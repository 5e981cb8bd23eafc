package dev.surge.topology.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for the {@code events} topic: the payload's {@code timestamp}. Kafka Streams calls
 * this before any validation, so it never throws: a record without a usable timestamp keeps the
 * record's own time (the broker's append time), and {@link EventGate} then judges the payload.
 *
 * <p>A timestamp further ahead of the broker's clock than {@code maxFuture} is not believed
 * either: stream time only moves forward, so one event stamped in the year 3000 would make every
 * later event LATE. The gate refuses such an event as a schema violation.
 */
public final class EventTimestampExtractor implements TimestampExtractor {

    private final long maxFutureMs;

    public EventTimestampExtractor(Duration maxFuture) {
        this.maxFutureMs = maxFuture.toMillis();
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long recordTime = record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
        long eventTime = record.value() instanceof byte[] bytes ? payloadTime(bytes) : -1;
        if (eventTime < 0 || eventTime > recordTime + maxFutureMs) {
            return recordTime;
        }
        return eventTime;
    }

    /** The top-level "timestamp" field in epoch ms, or -1; reads only as far as that field. */
    static long payloadTime(byte[] json) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("timestamp".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parse(parser.getText()) : -1;
                }
                parser.skipChildren();
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long parse(String text) {
        try {
            long ms = AnalyticsEvent.parseTimestamp(text).toEpochMilli();
            return ms >= 0 ? ms : -1;
        } catch (DateTimeParseException | ArithmeticException e) {
            return -1;
        }
    }
}
