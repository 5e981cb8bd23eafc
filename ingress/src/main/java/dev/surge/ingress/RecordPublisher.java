package dev.surge.ingress;

import java.util.List;
import java.util.Map;

/**
 * Writes records and returns only once they are durable. The HTTP layer answers 202 after this
 * returns, so an implementation must never return before the broker acknowledged every record.
 */
@FunctionalInterface
public interface RecordPublisher {

    /** One record of a batch; the batch gives the topic and the headers. */
    record KeyedValue(String key, byte[] value) {
    }

    /**
     * @param headers written as UTF-8 Kafka headers, in iteration order
     * @throws PublishFailedException when the record was not acknowledged in time; it may still
     *         arrive later, which is why clients retry with the same Idempotency-Key
     */
    void publish(String topic, String key, byte[] value, Map<String, String> headers) throws PublishFailedException;

    /**
     * Writes records that share a topic and headers, returning once every one is acknowledged. This
     * default waits for each record before sending the next; a producer that can have many in flight
     * should send them all first and then wait, so that a batch costs one round trip, not one per record.
     *
     * @throws PublishFailedException when any record was not acknowledged in time; the others may
     *         have been, so a retry must carry ids the consumer can deduplicate on
     */
    default void publishAll(String topic, List<KeyedValue> records, Map<String, String> headers)
            throws PublishFailedException {
        for (KeyedValue record : records) {
            publish(topic, record.key(), record.value(), headers);
        }
    }
}
