package dev.surge.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.http.client.HttpConnection;
import dev.surge.http.client.HttpConnectionPool;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The demo's buyer and operator: Surge's public HTTP API, nothing else. Over the bench's small
 * client rather than java.net.http, whose CPU per request, on a box the buyers share with Surge,
 * capped the sale's throughput.
 */
final class DemoClient implements AutoCloseable {

    /** What POST /v1/orders answered; {@code replayed} when the edge answered a retry from its idempotency store. */
    record Placed(int status, String orderId, boolean replayed) {
    }

    /** Longer than the 30 s long poll of {@link #awaitResult}, whose answer comes only when it ends. */
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private final HttpConnectionPool pool;

    /** @param connections as many as the demo has threads calling at once; more would sit idle */
    DemoClient(String base, int connections) {
        this.pool = new HttpConnectionPool(URI.create(base), connections, TIMEOUT);
    }

    void setStock(String item, long units) throws IOException, InterruptedException {
        expect202(pool.send("PUT", "/v1/admin/inventory/" + item, Json.toBytes(Map.of("stock", units))));
    }

    void restock(String item, long units) throws IOException, InterruptedException {
        expect202(pool.send("POST", "/v1/admin/inventory/" + item + "/restock", Json.toBytes(Map.of("delta", units))));
    }

    Placed placeOrder(String body, String idempotencyKey) throws IOException, InterruptedException {
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        HttpConnection.Answer res = pool.send("POST", "/v1/orders", headers, body.getBytes(StandardCharsets.UTF_8));
        String orderId = res.status() == 202 ? Json.MAPPER.readTree(res.body()).path("order_id").asText() : null;
        return new Placed(res.status(), orderId, "true".equals(res.header("Idempotent-Replayed")));
    }

    /** The order's result, long-polling up to 30 s; null if it has none by then. */
    OrderResult awaitResult(String orderId) throws IOException, InterruptedException {
        HttpConnection.Answer res = pool.send("GET", "/v1/orders/" + orderId + "?wait=30s", null);
        return res.status() == 200 ? Json.MAPPER.readValue(res.body(), OrderResult.class) : null;
    }

    /**
     * What POST /v1/orders/{id}/confirm or …/cancel answered: 200 with the order's result; 409 with
     * the status the order was in ({@code conflict}); else the HTTP status alone.
     */
    record Ended(int status, OrderResult result, String conflict) {
    }

    /** Pays for a held order: 200 CONFIRMED, 409 when the hold is gone (it expired first), 202 undecided after 5 s. */
    Ended confirm(String orderId) throws IOException, InterruptedException {
        return end(orderId, "confirm");
    }

    /** Gives a held order's units back (or takes a waiting order out of the line): 200 CANCELLED, else as confirm. */
    Ended cancel(String orderId) throws IOException, InterruptedException {
        return end(orderId, "cancel");
    }

    private Ended end(String orderId, String action) throws IOException, InterruptedException {
        HttpConnection.Answer res = pool.send("POST", "/v1/orders/" + orderId + "/" + action + "?wait=5s", null);
        return switch (res.status()) {
            case 200 -> new Ended(200, Json.MAPPER.readValue(res.body(), OrderResult.class), null);
            case 409 -> new Ended(409, null, Json.MAPPER.readTree(res.body()).path("details").path(0).path("message")
                    .asText(null));
            default -> new Ended(res.status(), null, null);
        };
    }

    /** What POST /v1/events answered: its status, and for a 202 how many were queued and refused. */
    record EventsPosted(int status, int accepted, int rejected) {
    }

    EventsPosted postEvents(byte[] body, String contentType, boolean gzip) throws IOException, InterruptedException {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", contentType));
        if (gzip) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 4);
            try (GZIPOutputStream zip = new GZIPOutputStream(compressed)) {
                zip.write(body);
            }
            headers.put("Content-Encoding", "gzip");
            body = compressed.toByteArray();
        }
        HttpConnection.Answer res = pool.send("POST", "/v1/events", headers, body);
        if (res.status() != 202) {
            return new EventsPosted(res.status(), 0, 0);
        }
        JsonNode answer = Json.MAPPER.readTree(res.body());
        return new EventsPosted(202, answer.path("accepted").asInt(), answer.path("rejected").size());
    }

    /** The rows of a metrics query, e.g. "/v1/metrics/daily?metric=events&from=..&to=.."; empty unless 200. */
    JsonNode metricRows(String pathAndQuery) throws IOException, InterruptedException {
        HttpConnection.Answer res = pool.send("GET", pathAndQuery, null);
        return res.status() == 200 ? Json.MAPPER.readTree(res.body()).path("rows")
                : Json.MAPPER.createArrayNode();
    }

    InventoryLevel inventory(String item) throws IOException, InterruptedException {
        HttpConnection.Answer res = pool.send("GET", "/v1/inventory/" + item, null);
        return res.status() == 200 ? Json.MAPPER.readValue(res.body(), InventoryLevel.class) : null;
    }

    private static void expect202(HttpConnection.Answer res) {
        if (res.status() != 202) {
            throw new IllegalStateException("admin call answered " + res.status() + ": "
                    + new String(res.body(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
