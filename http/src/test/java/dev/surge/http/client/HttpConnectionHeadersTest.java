package dev.surge.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Headers both ways through a real Helidon, which must read what the small client writes. */
class HttpConnectionHeadersTest {

    private WebServer server;

    /** POST /echo answers 202 with the request's Idempotency-Key as Idempotent-Replayed, its Content-Type as body. */
    @BeforeEach
    void start() {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(HttpRouting.builder().post("/echo", (req, res) -> {
                    req.content().consume();
                    req.headers().first(HeaderNames.create("Idempotency-Key"))
                            .ifPresent(key -> res.header("Idempotent-Replayed", key));
                    res.status(Status.ACCEPTED_202).send(req.headers().first(HeaderNames.CONTENT_TYPE).orElse("none"));
                }))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void sendsTheCallersHeadersAndReadsTheAnswersInAnyCase() throws Exception {
        try (HttpConnection connection = new HttpConnection(URI.create("http://127.0.0.1:" + server.port()),
                Duration.ofSeconds(5))) {
            HttpConnection.Answer answer = connection.send("POST", "/echo",
                    Map.of("Idempotency-Key", "k-1", "Content-Type", "application/x-ndjson"),
                    "{}\n{}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.header("Idempotent-Replayed")).isEqualTo("k-1");
            assertThat(answer.header("idempotent-replayed")).isEqualTo("k-1");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("application/x-ndjson");

            HttpConnection.Answer plain = connection.send("POST", "/echo", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(plain.header("Idempotent-Replayed")).isNull();
            assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo("application/json");
        }
    }
}
