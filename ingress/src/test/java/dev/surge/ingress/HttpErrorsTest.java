package dev.surge.ingress;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.surge.http.HttpErrors;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static dev.surge.ingress.RunningIngress.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Refusals of requests the services never get to read, and faults: one JSON shape for all. */
class HttpErrorsTest {

    private static final String ORDER = "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}";

    @RegisterExtension
    static final IngressExtension server = new IngressExtension();

    @Test
    void refusesABodyDeclaredLargerThanTheLimit(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/orders", padded(RunningIngress.MAX_BODY_BYTES + 1),
                "X-Correlation-ID", "big-1");

        assertErrorShape(response, 413, "payload_too_large", "big-1");
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void refusesAnUndeclaredChunkedBodyLargerThanTheLimit(RunningIngress ingress) {
        byte[] body = padded(RunningIngress.MAX_BODY_BYTES + 1).getBytes();
        HttpRequest request = ingress.request("/v1/orders")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = ingress.send(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void acceptsABodyExactlyAtTheLimit(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/orders", padded(RunningIngress.MAX_BODY_BYTES));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    /** A valid order followed by whitespace up to {@code size} bytes. */
    private static String padded(long size) {
        char[] padding = new char[(int) size - ORDER.length()];
        Arrays.fill(padding, ' ');
        return ORDER + new String(padding);
    }

    @Test
    void refusesBodiesNotDeclaredAsUtf8Json(RunningIngress ingress) {
        for (String type : new String[] {"text/plain", "application/xml", "application/json; charset=iso-8859-1"}) {
            HttpResponse<String> response = ingress.send("POST", "/v1/orders", ORDER, "Content-Type", type);
            assertErrorShape(response, 415, "unsupported_media_type", null);
        }
        HttpResponse<String> missing = ingress.send(ingress.request("/v1/orders")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER)).build());
        assertErrorShape(missing, 415, "unsupported_media_type", null);
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void acceptsJsonWithAUtf8Charset(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/orders", ORDER,
                "Content-Type", "Application/JSON; charset=\"UTF-8\"");

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void answers405WithAllowForAWrongMethodOnAKnownPath(RunningIngress ingress) {
        HttpResponse<String> orders = ingress.send("GET", "/v1/orders", "");
        assertErrorShape(orders, 405, "method_not_allowed", null);
        assertThat(orders.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> item = ingress.send("DELETE", "/v1/admin/inventory/sku-9", "");
        assertErrorShape(item, 405, "method_not_allowed", null);
        assertThat(item.headers().firstValue("Allow")).hasValue("PUT");

        HttpResponse<String> restock = ingress.send("PUT", "/v1/admin/inventory/sku-9/restock", "{\"delta\":1}");
        assertErrorShape(restock, 405, "method_not_allowed", null);
        assertThat(restock.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void answers404InJsonForUnknownPaths(RunningIngress ingress) {
        for (String path : new String[] {"/v1/admin/inventory", "/v1/admin/inventory/sku-9/drain", "/nowhere"}) {
            HttpResponse<String> response = ingress.send("POST", path, "{}", "X-Correlation-ID", "lost-1");
            assertErrorShape(response, 404, "not_found", "lost-1");
        }
        // The read side serves GET /v1/orders/{order_id}; the ingress alone must not claim it.
        assertErrorShape(ingress.send("GET", "/v1/orders/o-1", ""), 404, "not_found", null);
    }

    @Test
    void turnsAnUnexpectedFailureIntoAJson500WithoutInternalsAndLogsIt(RunningIngress ingress) throws Exception {
        ingress.publisher.mode(InMemoryPublisher.Mode.CRASH);
        Logger log = (Logger) LoggerFactory.getLogger(HttpErrors.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            HttpResponse<String> response = ingress.send("POST", "/v1/orders", ORDER, "X-Correlation-ID", "bug-1");

            assertErrorShape(response, 500, "internal_error", "bug-1");
            assertThat(json(response).path("details").isEmpty()).isTrue();
            // The access metric counts the answer the client got, not the status before the error handler ran.
            // It is recorded once the response is out, so it may trail the client by a moment.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (ingress.metrics.registry().find("http.server.request.duration").tag("status", "500").timer() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ingress.metrics.registry().find("http.server.request.duration").tag("status", "500").timer())
                    .isNotNull();
            assertThat(response.body()).doesNotContain("secret", "Exception", "at dev.surge");
            assertThat(logged.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("bug-1");
                assertThat(event.getThrowableProxy().getMessage()).contains("secret");
            });
        } finally {
            log.detachAppender(logged);
        }
    }

    private static void assertErrorShape(HttpResponse<String> response, int status, String error, String correlationId) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        String echoed = response.headers().firstValue("X-Correlation-ID").orElseThrow();
        if (correlationId != null) {
            assertThat(echoed).isEqualTo(correlationId);
        }
        var body = json(response);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("details").isArray()).isTrue();
        assertThat(body.path("correlation_id").asText()).isEqualTo(echoed);
    }
}
