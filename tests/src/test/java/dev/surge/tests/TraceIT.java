package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.CorrelationIds;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /v1/trace/{correlation_id} on a real broker and the real topology: an order posted over HTTP
 * is found where Kafka holds it, with its outcome; a record that went to the DLQ with its reason;
 * an events batch's id with each of its events.
 */
class TraceIT {

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
    void anOrderPostedWithAnIdIsTracedWhereKafkaHoldsItWithItsOutcome() throws Exception {
        surge.stock("trace-1", 1);
        var accepted = surge.postJson("/v1/orders", Map.of("user_id", "u-trace", "item_id", "trace-1", "quantity", 1),
                CorrelationIds.HEADER, "trace-it-order-1");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String orderId = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();

        JsonNode trace = awaitTrace("trace-it-order-1", 1);

        ConsumerRecord<byte[], byte[]> record = Topics.readUntil(surge.node.bootstrapServers(), "orders",
                        records -> records.stream().anyMatch(r -> carries(r, "trace-it-order-1")), Duration.ofSeconds(20))
                .stream().filter(r -> carries(r, "trace-it-order-1")).findFirst().orElseThrow();
        JsonNode entry = trace.path("entries").get(0);
        assertThat(entry.path("topic").asText()).isEqualTo("orders");
        assertThat(entry.path("partition").asInt()).isEqualTo(record.partition());
        assertThat(entry.path("offset").asLong()).isEqualTo(record.offset());
        assertThat(entry.path("outcome").asText()).isEqualTo("RESERVED");
        assertThat(entry.path("id").asText()).isEqualTo(orderId);
        assertThat(entry.path("instance").asText()).isEqualTo("localhost:" + surge.node.httpPort());
        assertThat(Instant.parse(entry.path("processed_at").asText()))
                .isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(1));
        assertThat(trace.path("truncated").asBoolean()).isFalse();
        assertThat(trace.has("partial")).isFalse();
    }

    @Test
    void aRecordSentToTheDlqIsTracedWithItsReason() throws Exception {
        RecordMetadata written;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            RecordHeaders headers = new RecordHeaders();
            KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, "trace-it-garbage");
            written = producer.send(new ProducerRecord<>("orders", null, bytes("trace-2"), bytes("not json"), headers))
                    .get();
        }

        JsonNode entry = awaitTrace("trace-it-garbage", 1).path("entries").get(0);

        assertThat(entry.path("topic").asText()).isEqualTo("orders");
        assertThat(entry.path("partition").asInt()).isEqualTo(written.partition());
        assertThat(entry.path("offset").asLong()).isEqualTo(written.offset());
        assertThat(entry.path("outcome").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(entry.path("reason").asText()).isEqualTo("INVALID_JSON");
    }

    @Test
    void anEventsBatchIdHoldsEachOfItsEvents() throws Exception {
        String now = Instant.now().toString();
        String batch = "[" + String.join(",", List.of(1, 2, 3).stream().map(i -> "{\"event_id\":\"trace-e" + i
                + "\",\"session_id\":\"trace-s" + i + "\",\"event_type\":\"page_view\",\"event_action\":\"view\","
                + "\"timestamp\":\"" + now + "\"}").toList()) + "]";
        var accepted = surge.post("/v1/events", bytes(batch), "Content-Type", "application/json",
                CorrelationIds.HEADER, "trace-it-batch");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        JsonNode trace = awaitTrace("trace-it-batch", 3);

        assertThat(trace.path("entries").findValuesAsText("topic")).containsOnly("events");
        assertThat(trace.path("entries").findValuesAsText("outcome")).containsOnly("COUNTED");
        // The ids as they travel: scoped by the caller's key (no keys here: "anonymous").
        assertThat(trace.path("entries").findValuesAsText("id")).containsExactlyInAnyOrder("anonymous:trace-e1",
                "anonymous:trace-e2", "anonymous:trace-e3");
        // Tracing takes nothing from counting: the three are in today's metrics.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long counted = 0;
        while (counted < 3 && System.nanoTime() < deadline) {
            var rows = surge.get("/v1/metrics/daily?metric=events&dimension_key=event_type&dimension_value=page_view"
                    + "&from=" + now.substring(0, 10) + "&to=" + now.substring(0, 10));
            counted = Json.MAPPER.readTree(rows.body()).path("rows").findValues("value").stream()
                    .mapToLong(JsonNode::asLong).sum();
            Thread.sleep(100);
        }
        assertThat(counted).isEqualTo(3);
    }

    @Test
    void anIdNobodySentIsAnEmptyTraceAndAMalformedOneIs400() throws Exception {
        var none = surge.get("/v1/trace/trace-it-nobody");
        var malformed = surge.get("/v1/trace/" + "x".repeat(129));

        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(none.body()).path("entries").size()).isZero();
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(malformed.body()).path("details").get(0).path("field").asText())
                .isEqualTo("correlation_id");
    }

    /** The trace of the id once it holds {@code entries} entries (the topology commits every 100 ms). */
    private static JsonNode awaitTrace(String correlationId, int entries) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode trace = null;
        while (System.nanoTime() < deadline) {
            var res = surge.get("/v1/trace/" + correlationId);
            assertThat(res.statusCode()).as(res.body()).isIn(200, 503);
            if (res.statusCode() == 200) {
                trace = Json.MAPPER.readTree(res.body());
                if (trace.path("entries").size() >= entries) {
                    assertThat(trace.path("correlation_id").asText()).isEqualTo(correlationId);
                    return trace;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the trace of " + correlationId + " never held " + entries + " entries: " + trace);
    }

    private static boolean carries(ConsumerRecord<byte[], byte[]> record, String correlationId) {
        return correlationId.equals(KafkaHeaders.text(record.headers(), KafkaHeaders.CORRELATION_ID));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
