package dev.surge.query;

import static dev.surge.query.LocalHttp.get;
import static dev.surge.query.LocalHttp.json;
import static dev.surge.query.LocalHttp.send;
import static dev.surge.query.LocalHttp.unusedPort;
import static dev.surge.query.LocalHttp.uri;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.surge.http.client.Peers;
import dev.surge.query.activity.SaleActivity;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.OrderStatus;
import dev.surge.schemas.Topics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /v1/activity on real Helidon servers: one instance, two gathered, one that does not answer, bad requests. */
class ActivityQueryServiceTest {

    private static final Instant DECIDED = Instant.parse("2026-12-06T16:00:04.300Z");
    private static final Instant ASKED = Instant.parse("2026-12-06T16:00:05.100Z");

    private final AtomicLong millis = new AtomicLong(DECIDED.toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private final Topics topics = Topics.withPrefix("");
    private final SaleActivity first = new SaleActivity(topics, clock);
    private final SaleActivity second = new SaleActivity(topics, clock);
    private final List<WebServer> servers = new ArrayList<>();
    private final List<Peers> peers = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void stop() {
        servers.forEach(WebServer::stop);
        peers.forEach(Peers::close);
    }

    @Test
    void twoInstancesAreMergedAndTheirPercentilesTakenOfAllOrders() {
        decideOrders();
        List<String> othersOfFirst = new CopyOnWriteArrayList<>();
        List<String> othersOfSecond = new CopyOnWriteArrayList<>();
        WebServer one = serve(first, "first:8080", othersOfFirst);
        WebServer two = serve(second, "second:8080", othersOfSecond);
        othersOfFirst.add("127.0.0.1:" + two.port());
        othersOfSecond.add("127.0.0.1:" + one.port());
        millis.set(ASKED.toEpochMilli());

        HttpResponse<String> res = get(client, one, "/v1/activity");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue(Peers.SERVED_BY)).hasValue("first:8080");
        assertThat(res.headers().firstValue(FanOut.PARTIAL)).isEmpty();
        ObjectNode body = (ObjectNode) json(res.body());
        JsonNode perSecond = body.remove("per_second");
        assertThat(body).isEqualTo(json("""
                {"window_seconds": 60, "until": "2026-12-06T16:00:05Z", "decided": 100, "orders_per_second": 1.7,
                 "results": {"reserved": 88, "sold_out": 10, "rejected": 2, "duplicate": 0, "waitlisted": 0,
                             "confirmed": 0, "cancelled": 0, "expired": 0},
                 "transitions": [{"from": "reserved", "to": "confirmed", "count": 3},
                                 {"from": "reserved", "to": "cancelled", "count": 0},
                                 {"from": "reserved", "to": "expired", "count": 1},
                                 {"from": "waitlisted", "to": "reserved", "count": 0},
                                 {"from": "waitlisted", "to": "sold_out", "count": 0},
                                 {"from": "waitlisted", "to": "cancelled", "count": 0}],
                 "latency_ms": {"count": 100, "p50": 12.0, "p90": 12.0, "p99": 200.0, "max": 200.0},
                 "dead_letters": [{"topic": "orders", "reason": "SCHEMA_VIOLATION", "count": 2},
                                  {"topic": "events", "reason": "LATE", "count": 1}]}
                """));
        assertThat(perSecond).hasSize(60);
        assertThat(perSecond.get(0)).isEqualTo(json("{\"at\": \"2026-12-06T15:59:05Z\", \"decided\": 0}"));
        assertThat(perSecond.get(59)).isEqualTo(json("{\"at\": \"2026-12-06T16:00:04Z\", \"decided\": 100}"));
    }

    @Test
    void anInstanceAskedByAnotherAnswersForItselfWithItsHistogram() throws IOException {
        decideOrders();
        WebServer one = serve(first, "first:8080", List.of("127.0.0.1:" + unusedPort()));
        millis.set(ASKED.toEpochMilli());

        HttpResponse<String> res = send(client, HttpRequest.newBuilder(uri(one, "/v1/activity"))
                .header(Peers.FORWARDED_BY, "second:8080").GET().build());

        JsonNode body = json(res.body());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(body.path("decided").asLong()).isEqualTo(90);
        assertThat(body.path("latency_histogram").asText()).isNotEmpty();
        assertThat(body.has("partial")).as("it asked no one").isFalse();
    }

    @Test
    void anInstanceThatDoesNotAnswerMakesTheAnswerPartial() throws IOException {
        decideOrders();
        int closed = unusedPort();
        WebServer one = serve(first, "first:8080", List.of("127.0.0.1:" + closed));
        millis.set(ASKED.toEpochMilli());

        HttpResponse<String> res = get(client, one, "/v1/activity");

        JsonNode body = json(res.body());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(body.path("partial").asBoolean()).isTrue();
        assertThat(body.path("missing")).isEqualTo(json("[\"127.0.0.1:" + closed + "\"]"));
        assertThat(res.headers().firstValue(FanOut.PARTIAL)).hasValue("127.0.0.1:" + closed);
        assertThat(body.path("decided").asLong()).as("its own orders still count").isEqualTo(90);
        assertThat(body.has("latency_histogram")).isFalse();
    }

    @Test
    void anAnswerWhoseHistogramDoesNotDecodeCountsAsMissing() {
        WebServer garbled = started(WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.get("/v1/activity", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send("{\"window_seconds\": 60, \"decided\": 5, \"latency_histogram\": \"not a histogram\"}");
                })));
        String address = "127.0.0.1:" + garbled.port();

        JsonNode body = json(get(client, serve(first, "first:8080", List.of(address)), "/v1/activity").body());

        assertThat(body.path("missing")).isEqualTo(json("[\"" + address + "\"]"));
        assertThat(body.path("decided").asLong()).isZero();
    }

    @Test
    void theOthersAreAskedOnceASecondHoweverManyAsk() {
        AtomicLong asked = new AtomicLong();
        WebServer counting = started(WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.get("/v1/activity", (req, res) -> {
                    asked.incrementAndGet();
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send("{\"window_seconds\": 60, \"decided\": 0}");
                })));
        WebServer one = serve(first, "first:8080", List.of("127.0.0.1:" + counting.port()));
        millis.set(ASKED.toEpochMilli());
        first.orderDecided(OrderStatus.RESERVED, Duration.ofMillis(5));

        for (int i = 0; i < 5; i++) {
            assertThat(get(client, one, "/v1/activity").statusCode()).isEqualTo(200);
        }
        assertThat(asked).as("five asks within one second").hasValue(1);

        millis.addAndGet(1_000);
        JsonNode next = json(get(client, one, "/v1/activity").body());
        assertThat(asked).as("the next second").hasValue(2);
        assertThat(next.path("decided").asLong()).as("the order decided at the first ask, in the next minute")
                .isEqualTo(1);
    }

    @Test
    void aParameterIs400NamingIt() {
        HttpResponse<String> res = get(client, serve(first, "first:8080", List.of()), "/v1/activity?window=300");

        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode body = json(res.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_request");
        assertThat(body.path("details").get(0).path("field").asText()).isEqualTo("window");
        assertThat(body.path("details").get(0).path("message").asText()).contains("not a parameter");
    }

    @Test
    void otherMethodsAre405() {
        WebServer one = serve(first, "first:8080", List.of());

        HttpResponse<String> res = send(client, HttpRequest.newBuilder(uri(one, "/v1/activity"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.headers().firstValue("Allow")).hasValue("GET");
        assertThat(json(res.body()).path("error").asText()).isEqualTo("method_not_allowed");
    }

    /** 90 quick orders on the first instance, 10 slow ones on the second, some moves and dead letters. */
    private void decideOrders() {
        for (int i = 0; i < 88; i++) {
            first.orderDecided(OrderStatus.RESERVED, Duration.ofMillis(12));
        }
        first.orderDecided(OrderStatus.REJECTED, Duration.ofMillis(1));
        first.orderDecided(OrderStatus.REJECTED, Duration.ofMillis(2));
        for (int i = 0; i < 10; i++) {
            second.orderDecided(OrderStatus.SOLD_OUT, Duration.ofMillis(200));
        }
        first.orderMoved(OrderStatus.RESERVED, OrderStatus.CONFIRMED);
        second.orderMoved(OrderStatus.RESERVED, OrderStatus.CONFIRMED);
        second.orderMoved(OrderStatus.RESERVED, OrderStatus.CONFIRMED);
        second.orderMoved(OrderStatus.RESERVED, OrderStatus.EXPIRED);
        first.deadLettered(topics.orders().name(), DlqRecord.Reason.SCHEMA_VIOLATION);
        second.deadLettered(topics.orders().name(), DlqRecord.Reason.SCHEMA_VIOLATION);
        second.deadLettered(topics.events().name(), DlqRecord.Reason.LATE);
    }

    private WebServer serve(SaleActivity activity, String self, List<String> others) {
        Peers own = new Peers(self, Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(5));
        peers.add(own);
        return started(WebServer.builder().host("127.0.0.1").port(0).routing(routing -> routing.register(
                new ActivityQueryService(activity, Gathering.across(() -> List.copyOf(others), own)))));
    }

    private WebServer started(WebServerConfig.Builder builder) {
        WebServer server = builder.build().start();
        servers.add(server);
        return server;
    }
}
