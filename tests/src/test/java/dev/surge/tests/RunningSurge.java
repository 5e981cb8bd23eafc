package dev.surge.tests;

import dev.surge.config.SurgeConfig;
import dev.surge.local.EmbeddedKafka;
import dev.surge.node.SurgeNode;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A whole Surge node on free ports and fresh directories, for one test class: role all on an
 * embedded broker unless the settings say otherwise (ROLE, KAFKA_BOOTSTRAP_SERVERS, REDIS_URL...).
 * Rate limits are off unless the settings turn them on: every test client is one address.
 */
final class RunningSurge implements AutoCloseable {

    final SurgeNode node;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningSurge(Path dir, Map<String, String> settings) throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "EMBEDDED_KAFKA_PORT", "0",
                "EMBEDDED_KAFKA_DATA_DIR", dir.resolve("kafka").toString(),
                "STATE_DIR", dir.resolve("streams").toString(),
                "HTTP_PORT", Integer.toString(port),
                "HTTP_HOST", "127.0.0.1",
                "TOPIC_PARTITIONS", "3",
                "RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "0"));
        env.putAll(settings);
        node = SurgeNode.start(SurgeConfig.load(env, Map.of()), port, EmbeddedKafka.FOR_NODE);
    }

    String url(String path) {
        return node.baseUrl() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(40)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, Object body, String... headers) throws IOException, InterruptedException {
        return send("POST", path, body, headers);
    }

    HttpResponse<String> send(String method, String path, Object body, String... headers)
            throws IOException, InterruptedException {
        byte[] bytes = body instanceof String text ? text.getBytes() : Json.toBytes(body);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs bytes as they are: the headers given (Content-Type, Content-Encoding...) and no others. */
    HttpResponse<String> post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sets an item's stock over HTTP and waits until the topology shows it. */
    void stock(String item, long units) throws Exception {
        HttpResponse<String> set = send("PUT", "/v1/admin/inventory/" + item, Map.of("stock", units));
        if (set.statusCode() != 202) {
            throw new AssertionError("SET " + item + " answered " + set.statusCode() + ": " + set.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = get("/v1/inventory/" + item);
            if (res.statusCode() == 200 && Json.MAPPER.readValue(res.body(), InventoryLevel.class).available() == units) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stock of " + item + " never became visible");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
