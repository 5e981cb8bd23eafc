package dev.surge.query;

import static dev.surge.query.LocalHttp.get;
import static dev.surge.query.LocalHttp.json;
import static dev.surge.query.LocalHttp.send;
import static dev.surge.query.LocalHttp.unusedPort;
import static dev.surge.query.LocalHttp.uri;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import dev.surge.http.auth.ApiKeyFilter;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.http.client.Peers;
import dev.surge.schemas.Json;
import dev.surge.topology.TraceEntry;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /v1/trace/{correlation_id} on a real Helidon server: validation, this instance's entries, the merge of all. */
class TraceQueryServiceTest {

    private static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");

    private final Map<String, QueryResult<TraceAnswer>> local = new ConcurrentHashMap<>();
    private final List<WebServer> servers = new ArrayList<>();
    private Peers peers;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void start() {
        peers = new Peers("self:8080", Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        peers.close();
        servers.forEach(WebServer::stop);
    }

    @Test
    void onlyAKeyThatSeesAllOrdersReadsTraces() {
        NewKey reader = ApiKeyGenerator.create("shop-1", Set.of(Scope.READ));
        NewKey support = ApiKeyGenerator.create("support", Set.of(Scope.READ, Scope.ALL_ORDERS));
        WebServer server = serve(true, Gathering.alone("self:8080"), new AuthSettings(
                ApiKeysSetting.parse(reader.configEntry() + ";" + support.configEntry()), List.of()));
        URI trace = uri(server, "/v1/trace/http:abc");

        HttpResponse<String> refused = send(client, HttpRequest.newBuilder(trace).header("X-API-Key", reader.key())
                .build());
        HttpResponse<String> allowed = send(client, HttpRequest.newBuilder(trace).header("X-API-Key", support.key())
                .build());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("all_orders");
        assertThat(allowed.statusCode()).isEqualTo(200);
    }

    @Test
    void thisInstancesEntriesOldestFirst() {
        local.put("http:abc", found("http:abc", entry(T0.plusMillis(5), "orders", 2, 7, "SOLD_OUT", null),
                entry(T0, "orders", 1, 9, "RESERVED", null)));
        WebServer alone = serve(true, Gathering.alone("self:8080"));

        HttpResponse<String> res = get(client, alone, "/v1/trace/http:abc");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("X-Surge-Served-By")).hasValue("self:8080");
        assertThat(json(res.body())).isEqualTo(json("""
                {"correlation_id": "http:abc", "truncated": false, "entries": [
                  {"topic": "orders", "partition": 1, "offset": 9, "outcome": "RESERVED", "id": "o-9",
                   "processed_at": "2026-12-06T04:00:00Z", "instance": "self:8080"},
                  {"topic": "orders", "partition": 2, "offset": 7, "outcome": "SOLD_OUT", "id": "o-7",
                   "processed_at": "2026-12-06T04:00:00.005Z", "instance": "self:8080"}]}
                """));
    }

    @Test
    void anIdNoRecordCarriedIsAnEmptyTrace() {
        local.put("nobody", found("nobody"));
        HttpResponse<String> res = get(client, serve(true, Gathering.alone("self:8080")), "/v1/trace/nobody");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(json(res.body()).get("entries").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%20b", "a%2Bb", "%C3%A9", "x"})
    void aPathThatIsNoCorrelationIdIs400NamingTheField(String id) {
        String path = "/v1/trace/" + (id.equals("x") ? "x".repeat(129) : id);
        HttpResponse<String> res = get(client, serve(true, Gathering.alone("self:8080")), path);

        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode body = json(res.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_request");
        assertThat(body.path("details").get(0).path("field").asText()).isEqualTo("correlation_id");
        assertThat(body.path("details").get(0).path("message").asText()).contains("1-128 characters");
    }

    @Test
    void queryParametersAreRefusedAndOtherMethodsToo() {
        WebServer server = serve(true, Gathering.alone("self:8080"));

        HttpResponse<String> withParameter = get(client, server, "/v1/trace/abc?limit=5");
        HttpResponse<String> delete = send(client,
                HttpRequest.newBuilder(uri(server, "/v1/trace/abc")).DELETE().build());

        assertThat(withParameter.statusCode()).isEqualTo(400);
        assertThat(json(withParameter.body()).path("details").get(0).path("field").asText()).isEqualTo("limit");
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void tracingOffIs404SayingSo() {
        HttpResponse<String> res = get(client, serve(false, Gathering.alone("self:8080")), "/v1/trace/abc");

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(json(res.body()).path("message").asText()).contains("TRACE_RETENTION");
    }

    @Test
    void aStoreThatCannotAnswerIs503WithRetryAfter() {
        local.put("abc", new QueryResult.Unavailable<>("streams is not running"));
        HttpResponse<String> res = get(client, serve(true, Gathering.alone("self:8080")), "/v1/trace/abc");

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void everyInstancesEntriesAreMergedAndOneThatDidNotAnswerIsNamed() throws IOException {
        local.put("http:abc", found("http:abc", entry(T0.plusMillis(2), "orders", 0, 4, "RESERVED", null)));
        Map<String, String> seen = new ConcurrentHashMap<>();
        TraceAnswer otherAnswer = new TraceAnswer("http:abc", List.of(
                entry(T0.plusMillis(1), "events", 3, 10, "COUNTED", null),
                entry(T0.plusMillis(3), "orders", 5, 2, "DEAD_LETTERED", "INVALID_JSON")), false, null, List.of());
        WebServer other = started(WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.get("/v1/trace/{id}", (req, res) -> {
                    seen.put("forwarded_by", req.headers().first(HeaderNames.create(Peers.FORWARDED_BY)).orElse(""));
                    seen.put("path", req.path().rawPath());
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(Json.toBytes(otherAnswer));
                })));
        int closed = unusedPort();
        List<String> others = List.of("127.0.0.1:" + other.port(), "127.0.0.1:" + closed);

        HttpResponse<String> res = get(client, serve(true, Gathering.across(() -> others, peers)),
                "/v1/trace/http:abc");

        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = json(res.body());
        assertThat(body.get("entries").findValuesAsText("outcome")).containsExactly("COUNTED", "RESERVED",
                "DEAD_LETTERED");
        assertThat(body.get("entries").get(2).path("reason").asText()).isEqualTo("INVALID_JSON");
        assertThat(body.path("partial").asBoolean()).isTrue();
        assertThat(body.get("missing").get(0).asText()).isEqualTo("127.0.0.1:" + closed);
        assertThat(res.headers().firstValue("X-Surge-Partial")).hasValue("127.0.0.1:" + closed);
        assertThat(seen).containsEntry("forwarded_by", "self:8080").containsEntry("path", "/v1/trace/http:abc");
    }

    @Test
    void noMoreThanAnAnswerHoldsAndItSaysSo() {
        List<TraceEntry> many = IntStream.range(0, 1500)
                .mapToObj(i -> entry(T0.plusMillis(i), "events", 0, i, "COUNTED", null)).toList();
        TraceAnswer answer = TraceAnswer.of("batch", many, false, List.of());
        TraceAnswer few = TraceAnswer.of("batch", many.subList(0, 3), false, List.of());

        assertThat(answer.entries()).hasSize(TraceAnswer.MAX_ENTRIES);
        assertThat(answer.entries().getLast().offset()).isEqualTo(TraceAnswer.MAX_ENTRIES - 1);
        assertThat(answer.truncated()).isTrue();
        assertThat(few.truncated()).isFalse();
        assertThat(TraceAnswer.merge(few, List.of(new TraceAnswer("batch", List.of(), true, null, List.of())),
                List.of()).truncated()).as("another instance left some out").isTrue();
    }

    private WebServer serve(boolean tracing, Gathering gathering) {
        return serve(tracing, gathering, new AuthSettings(List.of(), List.of()));
    }

    private WebServer serve(boolean tracing, Gathering gathering, AuthSettings auth) {
        TraceQueryService service = new TraceQueryService(id -> local.getOrDefault(id, found(id)), tracing,
                Forwarding.to(peers), gathering);
        return started(WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.addFilter(new ApiKeyFilter(auth)).register(service)));
    }

    private WebServer started(WebServerConfig.Builder builder) {
        WebServer server = builder.build().start();
        servers.add(server);
        return server;
    }

    private static QueryResult<TraceAnswer> found(String id, TraceEntry... entries) {
        return new QueryResult.Found<>(TraceAnswer.of(id, List.of(entries), false, List.of()));
    }

    private static TraceEntry entry(Instant at, String topic, int partition, long offset, String outcome,
                                    String reason) {
        return new TraceEntry(topic, partition, offset, outcome, reason, "o-" + offset, at, "self:8080");
    }
}
