package dev.surge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.Json;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Topics;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real Helidon server on a free port with the ingress routes, an in-memory publisher and an HTTP client. */
final class RunningIngress implements AutoCloseable {

    static final long MAX_BODY_BYTES = 1024 * 1024;
    static final String TOPIC_PREFIX = "test.";

    final InMemoryPublisher publisher = new InMemoryPublisher();
    private final WebServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    RunningIngress() {
        IngressContext context = new IngressContext(publisher, new MessageValidator(10),
                Topics.withPrefix(TOPIC_PREFIX), MAX_BODY_BYTES);
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> {
                    IngressRoutes.register(routing, context);
                    routing.error(Exception.class, HttpErrors::uncaught);
                })
                .build()
                .start();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
    }

    /** A JSON request with the given method; headers come in name, value pairs. */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
