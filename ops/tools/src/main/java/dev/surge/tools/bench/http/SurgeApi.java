package dev.surge.tools.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.http.client.HttpConnection;
import dev.surge.http.client.HttpConnectionPool;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Surge's public HTTP API as the bench uses it, over at most {@code connections} kept-alive
 * connections: a request takes one for as long as it runs (waiting when all are busy).
 */
final class SurgeApi implements AutoCloseable {

    /** What POST /v1/orders answered; the order id for a 202. */
    record Placed(int status, String orderId) {
    }

    /** What POST /v1/events answered: its status, and for a 202 how many events were queued. */
    record EventsPosted(int status, int accepted) {
    }

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpConnectionPool pool;

    SurgeApi(String baseUrl, int connections) {
        pool = new HttpConnectionPool(URI.create(baseUrl), connections, TIMEOUT);
    }

    /** GETs {@code path}, reads the answer and returns its status. */
    int get(String path) throws IOException, InterruptedException {
        return pool.send("GET", path, null).status();
    }

    Placed placeOrder(byte[] body) throws IOException, InterruptedException {
        HttpConnection.Answer answer = pool.send("POST", "/v1/orders", body);
        return new Placed(answer.status(),
                answer.status() == 202 ? Json.MAPPER.readTree(answer.body()).path("order_id").asText() : null);
    }

    void setStock(String item, long units) throws IOException, InterruptedException {
        HttpConnection.Answer answer = pool.send("PUT", "/v1/admin/inventory/" + item,
                Json.toBytes(Map.of("stock", units)));
        if (answer.status() != 202) {
            throw new IllegalStateException("PUT /v1/admin/inventory/" + item + " answered " + answer.status() + ": "
                    + text(answer));
        }
    }

    Optional<InventoryLevel> inventory(String item) throws IOException, InterruptedException {
        HttpConnection.Answer answer = pool.send("GET", "/v1/inventory/" + item, null);
        return answer.status() == 200
                ? Optional.of(Json.MAPPER.readValue(answer.body(), InventoryLevel.class)) : Optional.empty();
    }

    EventsPosted postEvents(byte[] jsonArray) throws IOException, InterruptedException {
        HttpConnection.Answer answer = pool.send("POST", "/v1/events", jsonArray);
        return new EventsPosted(answer.status(),
                answer.status() == 202 ? Json.MAPPER.readTree(answer.body()).path("accepted").asInt() : 0);
    }

    /** The sum of a daily metric's all-dimension rows from {@code from} to {@code to}; 0 when there are none. */
    long dailyTotal(String metric, LocalDate from, LocalDate to) throws IOException, InterruptedException {
        // Metric names and ISO dates need no encoding.
        HttpConnection.Answer answer = pool.send("GET",
                "/v1/metrics/daily?metric=" + metric + "&from=" + from + "&to=" + to, null);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /v1/metrics/daily answered " + answer.status() + ": " + text(answer));
        }
        long total = 0;
        for (JsonNode row : Json.MAPPER.readTree(answer.body()).path("rows")) {
            total += row.path("value").asLong();
        }
        return total;
    }

    private static String text(HttpConnection.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pool.close();
    }
}
