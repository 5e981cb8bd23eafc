package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A processor stopped cleanly and started again on its state directory reopens every task as it
 * left it; one killed is rebuilt from the changelogs before any task runs. Most partitions stay idle here (one item, no events), as partitions without traffic do
 * in a sale: Kafka Streams 4.3.1 kept no offset for an empty window store, so every such task
 * reopened "corrupted" (stores not empty, no checkpoint), was wiped, and, when that happened during
 * a rebalance, aborted its stream thread's transaction and with it other tasks' results
 * (InstanceLossIT). See CheckpointedWindowStore.
 */
class CleanRestartIT {

    private static final String STATE_MANAGER = "org.apache.kafka.streams.processor.internals.ProcessorStateManager";

    @TempDir
    Path dir;

    @Test
    void aCleanRestartFindsNoTaskCorrupted() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"))) {
            Map<String, String> settings = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TOPIC_PARTITIONS", "6");
            String orderId;
            try (RunningSurge surge = new RunningSurge(dir, settings)) {
                surge.stock("restart-item", 5);
                HttpResponse<String> order = surge.postJson("/v1/orders",
                        Map.of("user_id", "u1", "item_id", "restart-item", "quantity", 1));
                assertThat(order.statusCode()).as(order.body()).isEqualTo(202);
                orderId = Json.MAPPER.readTree(order.body()).path("order_id").asText();
                assertThat(surge.get("/v1/orders/" + orderId + "?wait=10s").body()).contains("RESERVED");
            }

            Corruptions corruptions = Corruptions.attach();
            try (RunningSurge again = new RunningSurge(dir, settings)) {
                assertThat(untilFound(() -> again.get("/v1/orders/" + orderId))).contains("RESERVED");
                assertThat(again.get("/v1/inventory/restart-item").body()).contains("\"available\":4");
            } finally {
                corruptions.detach();
            }
            assertThat(corruptions.messages).as("tasks reopened as corrupted after a clean stop").isEmpty();
        }
    }

    /**
     * SIGKILL leaves stores without a checkpoint. The next start wipes them all before any task runs
     * and restores them from the changelogs, instead of Kafka Streams rejecting them one by one as
     * tasks are assigned, possibly while others run.
     */
    @Test
    void aStartAfterAKillRebuildsTheStateBeforeAnyTaskRuns() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"))) {
            Map<String, String> settings = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TOPIC_PARTITIONS", "6", "HTTP_PORT", Integer.toString(RunningSurge.freePort()),
                    "STATE_DIR", dir.resolve("streams").toString());
            SurgeProcess first = SurgeProcess.start(settings, dir.resolve("first.log")).awaitReady(Duration.ofSeconds(120));
            String orderId;
            try {
                assertThat(send(first, "PUT", "/v1/admin/inventory/kill-item", Map.of("stock", 5)).statusCode())
                        .isEqualTo(202);
                HttpResponse<String> order = send(first, "POST", "/v1/orders",
                        Map.of("user_id", "u1", "item_id", "kill-item", "quantity", 1));
                assertThat(order.statusCode()).as(order.body()).isEqualTo(202);
                orderId = Json.MAPPER.readTree(order.body()).path("order_id").asText();
                assertThat(send(first, "GET", "/v1/orders/" + orderId + "?wait=20s", null).body()).contains("RESERVED");
            } finally {
                first.kill();
            }

            SurgeProcess second = SurgeProcess.start(settings, dir.resolve("second.log")).awaitReady(Duration.ofSeconds(120));
            try {
                // Ready comes before the order results restored up to the group's offset are caught up on.
                assertThat(untilFound(() -> send(second, "GET", "/v1/orders/" + orderId, null))).contains("RESERVED");
                assertThat(send(second, "GET", "/v1/inventory/kill-item", null).body()).contains("\"available\":4");
            } finally {
                second.close();
            }
            String log = Files.readString(dir.resolve("second.log"));
            assertThat(log).contains("did not stop cleanly");
            assertThat(log).doesNotContain("did not find checkpoint offsets while stores are not empty");
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    /** The body of the first 200 within a minute. */
    private static String untilFound(Callable<HttpResponse<String>> read) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> res = read.call();
        while (res.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            res = read.call();
        }
        return res.body();
    }

    private HttpResponse<String> send(SurgeProcess surge, String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body));
        return http.send(HttpRequest.newBuilder(URI.create(surge.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Kafka Streams' warnings that a task's stores hold data without a checkpoint. */
    static final class Corruptions extends AppenderBase<ILoggingEvent> {
        final List<String> messages = new CopyOnWriteArrayList<>();

        static Corruptions attach() {
            Corruptions log = new Corruptions();
            log.start();
            ((Logger) LoggerFactory.getLogger(STATE_MANAGER)).addAppender(log);
            return log;
        }

        void detach() {
            ((Logger) LoggerFactory.getLogger(STATE_MANAGER)).detachAppender(this);
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().contains("did not find checkpoint offsets while stores are not empty")) {
                messages.add(event.getFormattedMessage());
            }
        }
    }
}
