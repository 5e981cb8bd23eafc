package dev.surge.tools.bench.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Helidon with nothing of Surge's on it (no filters, meters, validation or access log), on a free
 * loopback port: what the HTTP layer alone costs on this machine, for the baselines.
 */
final class BareHttpServer implements AutoCloseable {

    private static final byte[] INVENTORY = ("{\"item_id\":\"bench-0\",\"available\":100,\"reserved\":0,"
            + "\"supplied\":100,\"updated_at\":\"2026-11-21T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] QUEUED = "{\"status\":\"QUEUED\"}".getBytes(StandardCharsets.UTF_8);

    private final WebServer server;

    private BareHttpServer(HttpRouting.Builder routing) {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).routing(routing).build().start();
    }

    /** GET /v1/inventory/{item}: 200 and an inventory-sized JSON body. */
    static BareHttpServer answering() {
        return new BareHttpServer(HttpRouting.builder().get("/v1/inventory/{item}", (req, res) ->
                res.header(HeaderValues.CONTENT_TYPE_JSON).send(INVENTORY)));
    }

    /** POST /v1/orders: produces the body to {@code topic}, waits for the broker's ack, then 202. */
    static BareHttpServer producing(Producer<byte[], byte[]> producer, String topic, Duration timeout) {
        return new BareHttpServer(HttpRouting.builder().post("/v1/orders", (req, res) -> {
            byte[] body = req.content().as(byte[].class);
            try {
                producer.send(new ProducerRecord<>(topic, body)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                res.status(Status.ACCEPTED_202).header(HeaderValues.CONTENT_TYPE_JSON).send(QUEUED);
            } catch (ExecutionException | TimeoutException e) {
                res.status(Status.SERVICE_UNAVAILABLE_503).send();
            }
        }));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
