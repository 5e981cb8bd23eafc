package dev.surge.ingress;

import java.util.Map;

/**
 * Writes one record and returns only once it is durable. The HTTP layer answers 202 after this
 * returns, so an implementation must never return before the broker acknowledged the record.
 */
@FunctionalInterface
public interface RecordPublisher {

    /**
     * @param headers written as UTF-8 Kafka headers, in iteration order
     * @throws PublishFailedException when the record was not acknowledged in time; it may still
     *         arrive later, which is why clients retry with the same Idempotency-Key
     */
    void publish(String topic, String key, byte[] value, Map<String, String> headers) throws PublishFailedException;
}
