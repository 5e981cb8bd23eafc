package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.surge.schemas.CorrelationIds;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One correlation id per request, whichever module serves the route: the id the client gets back
 * is the one on the access log line and, for a write, on the Kafka record. Reads once made an id
 * of their own, so the log and the client disagreed.
 */
class CorrelationIdIT {

    @TempDir
    static Path dir;

    static RunningSurge surge;
    static final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
    static final Logger access = (Logger) LoggerFactory.getLogger("dev.surge.access");

    @BeforeAll
    static void start() throws Exception {
        accessLog.start();
        access.addAppender(accessLog);
        access.setLevel(Level.INFO);
        surge = new RunningSurge(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        surge.close();
        access.detachAppender(accessLog);
    }

    @Test
    void aWriteCarriesOneIdInItsAnswerItsAccessLogLineAndItsKafkaRecord() throws Exception {
        HttpResponse<String> accepted = surge.postJson("/v1/orders",
                Map.of("user_id", "u-cid", "item_id", "cid-1", "quantity", 1));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.headers().firstValue(CorrelationIds.HEADER).orElseThrow();
        String orderId = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();

        assertThat(accessLogIdsOf("POST", "/v1/orders")).contains(id);
        List<ConsumerRecord<byte[], byte[]>> orders = Topics.readUntil(surge.node.bootstrapServers(), "orders",
                records -> records.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8)
                        .contains(orderId)), Duration.ofSeconds(20));
        ConsumerRecord<byte[], byte[]> order = orders.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(orderId)).findFirst().orElseThrow();
        Header header = order.headers().lastHeader(KafkaHeaders.CORRELATION_ID);
        assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo(id);
    }

    @Test
    void aReadCarriesOneIdInItsAnswerAndItsAccessLogLine() throws Exception {
        HttpResponse<String> missing = surge.get("/v1/inventory/cid-unknown-item");
        assertThat(missing.statusCode()).isEqualTo(404);
        String id = missing.headers().firstValue(CorrelationIds.HEADER).orElseThrow();

        assertThat(Json.MAPPER.readTree(missing.body()).path("correlation_id").asText()).isEqualTo(id);
        assertThat(accessLogIdsOf("GET", "/v1/inventory/cid-unknown-item")).contains(id);
    }

    @Test
    void aClientsOwnIdIsKeptOnAReadAsOnAWrite() throws Exception {
        HttpResponse<String> read = surge.http.send(HttpRequest.newBuilder(URI.create(surge.url("/v1/orders/no-such-order")))
                .header(CorrelationIds.HEADER, "trace-read-7").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(read.headers().firstValue(CorrelationIds.HEADER)).hasValue("trace-read-7");
        assertThat(Json.MAPPER.readTree(read.body()).path("correlation_id").asText()).isEqualTo("trace-read-7");
        assertThat(accessLogIdsOf("GET", "/v1/orders/no-such-order")).contains("trace-read-7");
    }

    /** The correlation ids on the access log lines of this method and path (the line is written as the request ends). */
    private static List<String> accessLogIdsOf(String method, String path) throws InterruptedException {
        String message = method + " " + path + " ";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> ids = List.of();
        while (ids.isEmpty() && System.nanoTime() < deadline) {
            synchronized (accessLog) {
                ids = accessLog.list.stream()
                        .filter(event -> event.getFormattedMessage().startsWith(message))
                        .map(event -> event.getMDCPropertyMap().get("correlation_id"))
                        .toList();
            }
            Thread.sleep(20);
        }
        return ids;
    }
}
