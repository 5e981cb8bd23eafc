package dev.surge.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.CorrelationIds;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.Json;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a route can fail ends in the one JSON error shape, with the request's correlation id. */
class HttpErrorsTest {

    static WebServer server;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing
                        .get("/wrapped", ApiHandler.of((req, res, id) -> {
                            throw RequestRejected.invalid(List.of(new FieldError("a", "must be set")));
                        }))
                        .get("/plain", (req, res) -> {
                            throw RequestRejected.notFound("nothing here");
                        })
                        .get("/broken", (req, res) -> {
                            throw new IllegalStateException("a bug, with internals");
                        })
                        .any("/wrapped", HttpErrors.methodNotAllowed(Method.GET))
                        .error(Exception.class, HttpErrors::uncaught))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aRefusalFromAnApiHandlerHasItsStatusDetailsAndId() throws Exception {
        HttpResponse<String> res = get("/wrapped", "trace-1");

        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(res.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_request");
        assertThat(body.path("details").get(0).path("field").asText()).isEqualTo("a");
        assertThat(body.path("correlation_id").asText()).isEqualTo("trace-1");
        assertThat(res.headers().firstValue(CorrelationIds.HEADER)).hasValue("trace-1");
    }

    @Test
    void aRefusalThrownFromAPlainHandlerIsAnsweredTheSameWay() throws Exception {
        HttpResponse<String> res = get("/plain", "trace-2");

        assertThat(res.statusCode()).isEqualTo(404);
        JsonNode body = Json.MAPPER.readTree(res.body());
        assertThat(body.path("error").asText()).isEqualTo("not_found");
        assertThat(body.path("message").asText()).isEqualTo("nothing here");
        assertThat(body.path("correlation_id").asText()).isEqualTo("trace-2");
    }

    @Test
    void aFaultIsA500WithoutInternals() throws Exception {
        HttpResponse<String> res = get("/broken", "trace-3");

        assertThat(res.statusCode()).isEqualTo(500);
        assertThat(res.body()).doesNotContain("IllegalStateException").doesNotContain("internals");
        assertThat(Json.MAPPER.readTree(res.body()).path("error").asText()).isEqualTo("internal_error");
        assertThat(res.headers().firstValue(CorrelationIds.HEADER)).hasValue("trace-3");
    }

    @Test
    void anUnknownPathAndAWrongMethodGetTheSameShape() throws Exception {
        HttpResponse<String> missing = get("/nowhere", "trace-4");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.body()).path("correlation_id").asText()).isEqualTo("trace-4");

        HttpResponse<String> wrongMethod = client.send(HttpRequest.newBuilder(uri("/wrapped"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertThat(Json.MAPPER.readTree(wrongMethod.body()).path("error").asText()).isEqualTo("method_not_allowed");
    }

    private static HttpResponse<String> get(String path, String correlationId) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header(CorrelationIds.HEADER, correlationId).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
