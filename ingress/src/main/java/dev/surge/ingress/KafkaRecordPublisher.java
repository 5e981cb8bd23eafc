package dev.surge.ingress;

import dev.surge.schemas.KafkaHeaders;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingress's one Kafka producer, shared by every request thread. Every wait is bounded by the
 * produce timeout so that a dead broker turns into a 503, never into a hung request.
 */
public final class KafkaRecordPublisher implements RecordPublisher, AutoCloseable {

    /** Long enough to gather concurrent requests into one produce request, short enough to go unnoticed. */
    static final int LINGER_MS = 5;

    private final Producer<String, byte[]> producer;
    private final Duration produceTimeout;

    /**
     * @param clientConfig   bootstrap.servers and the KAFKA_* overrides; they win over Surge's defaults
     * @param produceTimeout the longest a request waits for the broker's acknowledgement (PRODUCE_TIMEOUT)
     */
    public KafkaRecordPublisher(Map<String, ?> clientConfig, Duration produceTimeout) {
        this(clientConfig, produceTimeout, "surge-ingress");
    }

    /** @param clientId the producer's client.id (its metrics' tag), unless the client config names one */
    public KafkaRecordPublisher(Map<String, ?> clientConfig, Duration produceTimeout, String clientId) {
        this(new KafkaProducer<>(producerConfig(clientConfig, produceTimeout, clientId),
                new StringSerializer(), new ByteArraySerializer()), produceTimeout);
    }

    KafkaRecordPublisher(Producer<String, byte[]> producer, Duration produceTimeout) {
        if (produceTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("produce timeout must be at least 1ms, was " + produceTimeout);
        }
        this.producer = producer;
        this.produceTimeout = produceTimeout;
    }

    static Map<String, Object> producerConfig(Map<String, ?> clientConfig, Duration produceTimeout, String clientId) {
        // Kafka types these as int and refuses delivery.timeout.ms < linger.ms + request.timeout.ms.
        int timeoutMs = (int) Math.min(produceTimeout.toMillis(), Integer.MAX_VALUE - LINGER_MS);
        int requestTimeoutMs = Math.max(1, timeoutMs - LINGER_MS);
        Map<String, Object> config = new HashMap<>();
        // A 202 promises the order is not lost: every in-sync replica has it, written exactly once.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, LINGER_MS + requestTimeoutMs));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.putAll(clientConfig);
        return config;
    }

    @Override
    public void publish(String topic, String key, byte[] value, Map<String, String> headers)
            throws PublishFailedException {
        publishAll(topic, List.of(new KeyedValue(key, value)), headers);
    }

    /**
     * Sends every record before waiting for any, so the producer gathers them into a few produce
     * requests, then waits for all their acknowledgements within one produce timeout.
     */
    @Override
    public void publishAll(String topic, List<KeyedValue> records, Map<String, String> headers)
            throws PublishFailedException {
        long deadline = System.nanoTime() + produceTimeout.toNanos();
        try {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (KeyedValue keyed : records) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, keyed.key(), keyed.value());
                headers.forEach((name, text) -> KafkaHeaders.put(record.headers(), name, text));
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                // send() may already have spent most of the budget waiting for metadata.
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new PublishFailedException(topic + ": not acknowledged within " + produceTimeout, e);
        } catch (ExecutionException e) {
            throw new PublishFailedException(topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(topic + ": interrupted while waiting for the broker", e);
        } catch (KafkaException | IllegalStateException e) {
            // Metadata timeout, closed producer, fatal producer state: all mean "not now".
            throw new PublishFailedException(topic + ": " + e.getMessage(), e);
        }
    }

    /** Sends what is still buffered, waiting at most the produce timeout, then releases the connection. */
    /** The producer's own client metrics (send rate, errors, buffer) for a registry; the caller closes it. */
    public KafkaClientMetrics clientMetrics() {
        return new KafkaClientMetrics(producer);
    }

    @Override
    public void close() {
        producer.close(produceTimeout);
    }
}
