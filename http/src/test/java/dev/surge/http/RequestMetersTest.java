package dev.surge.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.surge.config.AuthSettings;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The request meters behind a real server, as clients (and attackers) meet them. */
class RequestMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebServer server = WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(routing -> routing
                    .addFilter(new RequestFilter(new Admission(), new AuthSettings(List.of(), List.of()),
                            new RequestMeters(registry)))
                    .get("/v1/orders/{id}", (req, res) -> res.send("ok")))
            .build()
            .start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void inventedMethodsShareOneSeries() throws Exception {
        for (int i = 0; i < 50; i++) {
            send("M" + i, "/v1/orders/x");
        }
        send("GET", "/v1/orders/x");

        // The filter records after the response is sent: the last request may still be on its way.
        awaitUntil(() -> methods().contains("GET"));
        assertThat(methods()).containsExactlyInAnyOrder("other", "GET");
        List<Meter> series = registry.find("http.server.request.duration").meters().stream().toList();
        assertThat(series).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void theAccessLogWritesThePathAsSentSoNoLineCanBeForged() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("dev.surge.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            send("GET", "/v1/orders/x%0A2026-12-06%20INFO%20forged");
            awaitUntil(() -> !lines.list.isEmpty());
        } finally {
            access.detachAppender(lines);
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.getFirst().getFormattedMessage())
                .isEqualTo("GET /v1/orders/x%0A2026-12-06%20INFO%20forged 200").doesNotContain("\n");
    }

    private Set<String> methods() {
        return registry.find("http.server.request.duration").meters().stream()
                .map(meter -> meter.getId().getTag("method")).collect(Collectors.toSet());
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void send(String method, String path) throws Exception {
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isBetween(200, 499);
    }
}
