package dev.surge.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.ingress.RecordPublisher.KeyedValue;
import dev.surge.schemas.KafkaHeaders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The producer path without a broker; the real broker is exercised by the integration tests. */
class KafkaRecordPublisherTest {

    private static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KafkaHeaders.CORRELATION_ID, "c-1");
        headers.put(KafkaHeaders.IDEMPOTENCY_KEY, "k-1");
        return headers;
    }

    private static MockProducer<String, byte[]> producer(boolean acknowledgeAtOnce) {
        return new MockProducer<>(acknowledgeAtOnce, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void returnsOnceAcknowledgedWithKeyValueAndHeaders() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);
        new KafkaRecordPublisher(producer, Duration.ofSeconds(1)).publish("orders", "sku-9", new byte[] {1, 2}, HEADERS);

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("orders");
            assertThat(record.key()).isEqualTo("sku-9");
            assertThat(record.value()).containsExactly(1, 2);
            assertThat(KafkaHeaders.text(record.headers(), KafkaHeaders.CORRELATION_ID)).isEqualTo("c-1");
            assertThat(KafkaHeaders.text(record.headers(), KafkaHeaders.IDEMPOTENCY_KEY)).isEqualTo("k-1");
        });
    }

    @Test
    void failsWhenTheBrokerDoesNotAcknowledgeInTime() {
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer(false), Duration.ofMillis(100));

        long start = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish("orders", "sku-9", new byte[0], HEADERS))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("not acknowledged");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void failsWhenTheBrokerRefusesTheRecord() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer, Duration.ofSeconds(5));

        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                publisher.publish("orders", "sku-9", new byte[0], HEADERS);
                return null;
            } catch (PublishFailedException e) {
                return e;
            }
        });
        while (producer.history().isEmpty()) {
            Thread.onSpinWait();
        }
        producer.errorNext(new NotEnoughReplicasException("only 1 of 3 in sync"));

        assertThat(outcome.get()).isInstanceOf(PublishFailedException.class)
                .hasCauseInstanceOf(NotEnoughReplicasException.class);
    }

    @Test
    void failsWhenSendItselfGivesUp() {
        MockProducer<String, byte[]> producer = producer(true);
        producer.sendException = new TimeoutException("metadata not available after 5000ms");
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer, Duration.ofSeconds(1));

        assertThatThrownBy(() -> publisher.publish("orders", "sku-9", new byte[0], HEADERS))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("metadata");
    }

    private static List<KeyedValue> batch(int size) {
        return IntStream.range(0, size).mapToObj(i -> new KeyedValue("s-" + i, new byte[] {(byte) i})).toList();
    }

    /** Fails, rather than hangs, when the records are not all sent while none is acknowledged. */
    private static void awaitSent(MockProducer<String, byte[]> producer, int records) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (producer.history().size() < records && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(producer.history()).hasSize(records);
    }

    @Test
    void aBatchIsSentWholeBeforeAnyAcknowledgementIsAwaited() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer, Duration.ofSeconds(5));

        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                publisher.publishAll("events", batch(3), HEADERS);
                return null;
            } catch (PublishFailedException e) {
                return e;
            }
        });
        awaitSent(producer, 3);
        assertThat(outcome).isNotDone();
        producer.completeNext();
        producer.completeNext();
        assertThat(outcome).isNotDone();
        producer.completeNext();

        assertThat(outcome.get()).isNull();
        assertThat(producer.history()).extracting(record -> record.key()).containsExactly("s-0", "s-1", "s-2");
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo("events");
            assertThat(KafkaHeaders.text(record.headers(), KafkaHeaders.CORRELATION_ID)).isEqualTo("c-1");
        });
    }

    @Test
    void aBatchWaitsOneProduceTimeoutInAllNotOnePerRecord() {
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer(false), Duration.ofMillis(200));

        long start = System.nanoTime();
        assertThatThrownBy(() -> publisher.publishAll("events", batch(50), HEADERS))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("not acknowledged");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBatchFailsWhenAnyRecordIsRefused() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(producer, Duration.ofSeconds(5));

        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                publisher.publishAll("events", batch(3), HEADERS);
                return null;
            } catch (PublishFailedException e) {
                return e;
            }
        });
        awaitSent(producer, 3);
        producer.completeNext();
        producer.errorNext(new NotEnoughReplicasException("only 1 of 3 in sync"));
        producer.completeNext();

        assertThat(outcome.get()).isInstanceOf(PublishFailedException.class)
                .hasCauseInstanceOf(NotEnoughReplicasException.class);
    }

    @Test
    void boundsEveryWaitByTheProduceTimeoutAndLetsOverridesWin() {
        Map<String, Object> config = KafkaRecordPublisher.producerConfig(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092", ProducerConfig.LINGER_MS_CONFIG, "20"),
                Duration.ofSeconds(5), "surge-ingress");

        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4995)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "surge-ingress");
    }

    @Test
    void closeSendsWhatIsBuffered() {
        MockProducer<String, byte[]> producer = producer(true);
        new KafkaRecordPublisher(producer, Duration.ofSeconds(1)).close();

        assertThat(producer.closed()).isTrue();
    }

    @Test
    void buildsARealProducerFromClientConfig() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        try (KafkaRecordPublisher publisher = new KafkaRecordPublisher(config, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> publisher.publish("orders", "sku-9", new byte[0], Map.of()))
                    .isInstanceOf(PublishFailedException.class);
        }
    }
}
