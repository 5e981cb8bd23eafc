package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orders through HTTP and straight through Kafka, on a real embedded broker and the real topology. */
class OrdersEndToEndIT {

    @TempDir
    static Path dir;

    static RunningSurge surge;

    @BeforeAll
    static void start() throws Exception {
        surge = new RunningSurge(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        surge.close();
    }

    @Test
    void anOrderPostedOverHttpIsReservedAndReadable() throws Exception {
        surge.stock("e2e-1", 5);

        HttpResponse<String> accepted = surge.postJson("/v1/orders",
                Map.of("user_id", "u1", "item_id", "e2e-1", "quantity", 2), "X-Correlation-ID", "trace-42");
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(accepted.body());
        String orderId = body.path("order_id").asText();
        assertThat(body.path("status").asText()).isEqualTo("QUEUED");
        assertThat(accepted.headers().firstValue("Location")).contains("/v1/orders/" + orderId);

        HttpResponse<String> result = surge.get("/v1/orders/" + orderId + "?wait=10s");
        assertThat(result.statusCode()).isEqualTo(200);
        OrderResult order = Json.MAPPER.readValue(result.body(), OrderResult.class);
        assertThat(order.status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(order.remaining()).isEqualTo(3);
        assertThat(order.correlationId()).isEqualTo("trace-42");

        InventoryLevel level = Json.MAPPER.readValue(surge.get("/v1/inventory/e2e-1").body(), InventoryLevel.class);
        assertThat(level.available()).isEqualTo(3);
        assertThat(level.reserved()).isEqualTo(2);
    }

    @Test
    void unknownThingsAre404() throws Exception {
        HttpResponse<String> order = surge.get("/v1/orders/no-such-order");
        assertThat(order.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(order.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(surge.get("/v1/inventory/no-such-item").statusCode()).isEqualTo(404);
    }

    @Test
    void aLongPollForAnUnknownOrderEndsWith404AfterTheWait() throws Exception {
        long start = System.nanoTime();
        assertThat(surge.get("/v1/orders/never-sent?wait=300ms").statusCode()).isEqualTo(404);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anOrderFromAPlainProducerIsProcessedAndGarbageGoesToTheDlq() throws Exception {
        surge.stock("e2e-2", 10);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            RecordHeaders headers = new RecordHeaders();
            KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, "from-kafka");
            producer.send(new ProducerRecord<>("orders", null, bytes("e2e-2"), bytes("definitely not json"), headers));
            producer.send(new ProducerRecord<>("orders", bytes("e2e-2"),
                    bytes("{\"order_id\":\"plain-order-1\",\"user_id\":\"u9\",\"item_id\":\"e2e-2\",\"quantity\":1}")));
            producer.flush();
        }

        HttpResponse<String> result = surge.get("/v1/orders/plain-order-1?wait=15s");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readValue(result.body(), OrderResult.class).status()).isEqualTo(OrderStatus.RESERVED);

        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readUntil(surge.node.bootstrapServers(), "orders-dlq",
                records -> records.stream().anyMatch(r -> "from-kafka".equals(
                        KafkaHeaders.text(r.headers(), KafkaHeaders.CORRELATION_ID))), Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> garbage = dead.stream()
                .filter(r -> "from-kafka".equals(KafkaHeaders.text(r.headers(), KafkaHeaders.CORRELATION_ID)))
                .findFirst().orElseThrow();
        assertThat(new String(garbage.value(), StandardCharsets.UTF_8)).isEqualTo("definitely not json");
        assertThat(new String(garbage.key(), StandardCharsets.UTF_8)).isEqualTo("e2e-2");
        DlqRecord headers = DlqRecord.readFrom(garbage.headers());
        assertThat(headers.reason()).isEqualTo(DlqRecord.Reason.INVALID_JSON);
        assertThat(headers.sourceTopic()).isEqualTo("orders");
        assertThat(headers.error()).isNotBlank();
    }

    @Test
    void aRetryWrittenStraightToKafkaIsCaughtByTheTopologyAndReservesNothing() throws Exception {
        surge.stock("e2e-4", 10);
        // A producer that is not the ingress (no edge idempotency) retries under one key with a new order id.
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String orderId : List.of("retry-a", "retry-b")) {
                RecordHeaders headers = new RecordHeaders();
                KafkaHeaders.put(headers, KafkaHeaders.IDEMPOTENCY_KEY, "kafka-retry-1");
                producer.send(new ProducerRecord<>("orders", null, bytes("e2e-4"), bytes("{\"order_id\":\"" + orderId
                        + "\",\"user_id\":\"u9\",\"item_id\":\"e2e-4\",\"quantity\":1}"), headers));
            }
            producer.flush();
        }

        OrderResult first = Json.MAPPER.readValue(surge.get("/v1/orders/retry-a?wait=15s").body(), OrderResult.class);
        OrderResult second = Json.MAPPER.readValue(surge.get("/v1/orders/retry-b?wait=15s").body(), OrderResult.class);
        assertThat(first.status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(second.status()).isEqualTo(OrderStatus.DUPLICATE);
        assertThat(second.duplicateOf()).isEqualTo("retry-a");
        InventoryLevel level = Json.MAPPER.readValue(surge.get("/v1/inventory/e2e-4").body(), InventoryLevel.class);
        assertThat(level.reserved()).isEqualTo(1);
    }

    @Test
    void aRecordOnTheWrongPartitionIsSentToItsOwnAndDecidedThere() throws Exception {
        surge.stock("e2e-3", 10);
        int home = Topics.partitionOf("e2e-3", 3);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("orders", (home + 1) % 3, bytes("e2e-3"),
                    bytes("{\"order_id\":\"misplaced-1\",\"user_id\":\"u9\",\"item_id\":\"e2e-3\",\"quantity\":1}")));
            producer.flush();
        }

        HttpResponse<String> result = surge.get("/v1/orders/misplaced-1?wait=20s");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readValue(result.body(), OrderResult.class).status()).isEqualTo(OrderStatus.RESERVED);
        List<ConsumerRecord<byte[], byte[]>> copies = Topics.readUntil(surge.node.bootstrapServers(), "orders",
                records -> records.stream().anyMatch(r -> r.partition() == home
                        && r.headers().lastHeader("rerouted_from") != null), Duration.ofSeconds(20));
        assertThat(copies).anySatisfy(r -> {
            assertThat(r.partition()).isEqualTo(home);
            assertThat(KafkaHeaders.text(r.headers(), "rerouted_from")).startsWith("orders-" + (home + 1) % 3 + "@");
        });
    }

    @Test
    void garbageOnOrderResultsGoesToTheDlqAsAProcessingError() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("order-results", bytes("o-garbage"), bytes("not an order result")));
            producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readUntil(surge.node.bootstrapServers(), "orders-dlq",
                records -> records.stream().anyMatch(r -> "order-results".equals(
                        KafkaHeaders.text(r.headers(), DlqRecord.SOURCE_TOPIC))), Duration.ofSeconds(30));
        assertThat(dead).anySatisfy(r -> {
            DlqRecord headers = DlqRecord.readFrom(r.headers());
            assertThat(headers.sourceTopic()).isEqualTo("order-results");
            assertThat(headers.reason()).isEqualTo(DlqRecord.Reason.PROCESSING_ERROR);
        });
        assertThat(surge.get("/v1/orders/o-garbage").statusCode()).isEqualTo(404);
    }

    @Test
    void readPathsRefuseOtherMethodsWith405() throws Exception {
        for (String path : List.of("/v1/orders/o-1", "/v1/inventory/sku-1", "/health")) {
            HttpResponse<String> res = surge.send("DELETE", path, "{}");
            assertThat(res.statusCode()).as(path).isEqualTo(405);
            assertThat(res.headers().firstValue("Allow")).as(path).contains("GET");
            assertThat(Json.MAPPER.readTree(res.body()).path("error").asText()).isEqualTo("method_not_allowed");
        }
    }

    @Test
    void healthReportsKafkaAndStreams() throws Exception {
        HttpResponse<String> health = surge.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(health.body());
        assertThat(body.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
        assertThat(body.path("components").path("streams").path("status").asText()).isEqualTo("UP");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
