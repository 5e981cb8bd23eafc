package dev.surge.ops.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** The demo's buyer and operator: Surge's public HTTP API, nothing else. */
final class DemoClient {

    /** What POST /v1/orders answered; {@code replayed} when the edge answered a retry from its idempotency store. */
    record Placed(int status, String orderId, boolean replayed) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    DemoClient(String base) {
        this.base = base;
    }

    void setStock(String item, long units) throws IOException, InterruptedException {
        expect202(send(request("/v1/admin/inventory/" + item).PUT(json(Map.of("stock", units))).build()));
    }

    void restock(String item, long units) throws IOException, InterruptedException {
        expect202(send(request("/v1/admin/inventory/" + item + "/restock").POST(json(Map.of("delta", units))).build()));
    }

    Placed placeOrder(String body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder req = request("/v1/orders").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            req.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> res = send(req.build());
        String orderId = res.statusCode() == 202 ? Json.MAPPER.readTree(res.body()).path("order_id").asText() : null;
        return new Placed(res.statusCode(), orderId,
                res.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false));
    }

    /** The order's result, long-polling up to 30 s; null if it has none by then. */
    OrderResult awaitResult(String orderId) throws IOException, InterruptedException {
        HttpResponse<String> res = send(request("/v1/orders/" + orderId + "?wait=30s").GET().build());
        return res.statusCode() == 200 ? Json.MAPPER.readValue(res.body(), OrderResult.class) : null;
    }

    /** What POST /v1/events answered: its status, and for a 202 how many were queued and refused. */
    record EventsPosted(int status, int accepted, int rejected) {
    }

    EventsPosted postEvents(byte[] body, String contentType, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder req = request("/v1/events").setHeader("Content-Type", contentType);
        if (gzip) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 4);
            try (GZIPOutputStream zip = new GZIPOutputStream(compressed)) {
                zip.write(body);
            }
            req.header("Content-Encoding", "gzip");
            body = compressed.toByteArray();
        }
        HttpResponse<String> res = send(req.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        if (res.statusCode() != 202) {
            return new EventsPosted(res.statusCode(), 0, 0);
        }
        JsonNode answer = Json.MAPPER.readTree(res.body());
        return new EventsPosted(202, answer.path("accepted").asInt(), answer.path("rejected").size());
    }

    /** The rows of a metrics query, e.g. "/v1/metrics/daily?metric=events&from=..&to=.."; empty unless 200. */
    JsonNode metricRows(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> res = send(request(pathAndQuery).GET().build());
        return res.statusCode() == 200 ? Json.MAPPER.readTree(res.body()).path("rows")
                : Json.MAPPER.createArrayNode();
    }

    InventoryLevel inventory(String item) throws IOException, InterruptedException {
        HttpResponse<String> res = send(request("/v1/inventory/" + item).GET().build());
        return res.statusCode() == 200 ? Json.MAPPER.readValue(res.body(), InventoryLevel.class) : null;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(40))
                .setHeader("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body));
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void expect202(HttpResponse<String> res) {
        if (res.statusCode() != 202) {
            throw new IllegalStateException("admin call answered " + res.statusCode() + ": " + res.body());
        }
    }
}
