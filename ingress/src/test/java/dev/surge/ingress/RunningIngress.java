package dev.surge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.SurgeConfig;
import dev.surge.http.Admission;
import dev.surge.http.HttpErrors;
import dev.surge.http.PassThroughDecoding;
import dev.surge.http.RequestFilter;
import dev.surge.http.RequestMeters;
import dev.surge.http.auth.ApiKeyFilter;
import dev.surge.schemas.Json;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Helidon server on a free port with the ingress routes and filters as main wires them,
 * in-process edge stores (or the ones given), an in-memory publisher and an HTTP client.
 * Public for the tests of the ingress's other packages.
 */
public final class RunningIngress implements AutoCloseable {

    public static final long MAX_BODY_BYTES = 1024 * 1024;
    public static final String TOPIC_PREFIX = "test.";

    public final InMemoryPublisher publisher = new InMemoryPublisher();
    private final WebServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final Admission admission = new Admission();
    public final IngressMetrics metrics = IngressMetrics.discarding();

    /** Limits off: tests of other behaviour should not trip over them. */
    public RunningIngress() {
        this(Map.of("RATE_LIMIT_MAX_REQUESTS", "0", "RATE_LIMIT_IP_MAX_REQUESTS", "0"));
    }

    /** @param settings SurgeConfig settings (environment names) over the defaults */
    public RunningIngress(Map<String, String> settings) {
        this(settings, EdgeStores.inProcess(), null);
    }

    public RunningIngress(Map<String, String> settings, EdgeStores stores, RecordPublisher publisherOverride) {
        Map<String, String> env = new HashMap<>(Map.of("TOPIC_PREFIX", TOPIC_PREFIX,
                "HTTP_MAX_BODY_BYTES", Long.toString(MAX_BODY_BYTES), "ORDER_MAX_QUANTITY", "10"));
        env.putAll(settings);
        SurgeConfig config = SurgeConfig.load(env, Map.of());
        IngressContext context = IngressContext.from(config,
                publisherOverride == null ? publisher : publisherOverride, stores, metrics);
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .contentEncoding(new PassThroughDecoding())
                .routing(routing -> {
                    routing.addFilter(new RequestFilter(admission, config.http().auth(), new RequestMeters(metrics.registry())))
                            .addFilter(new ApiKeyFilter(config.http().auth()));
                    IngressRoutes.register(routing, context);
                    routing.error(Exception.class, HttpErrors::uncaught);
                })
                .build()
                .start();
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
    }

    /** A JSON request with the given method; headers come in name, value pairs. */
    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    /** Raw bytes with exactly the headers given (name, value pairs): no Content-Type unless among them. */
    public HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder builder = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    public static JsonNode json(byte[] bytes) {
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
