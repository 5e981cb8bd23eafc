package dev.surge.query;

import static dev.surge.query.LocalHttp.json;
import static dev.surge.query.LocalHttp.unusedPort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.SurgeConfig;
import dev.surge.http.client.Peers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The metrics paths on a real Helidon server over real window stores: statuses and JSON shapes. */
class MetricsQueryServiceTest {

    /** As configured by default (METRICS_QUERY_MAX_DAYS). */
    private static final int MAX_DAYS = SurgeConfig.load(Map.of(), Map.of()).events().maxQueryDays();
    private static final String PAGE_VIEWS = "metric=events&dimension_key=event_type&dimension_value=page_view";

    @TempDir
    Path stateDir;
    private CountedMetrics stores;
    private WebServer server;
    private Peers peers;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void start() {
        stores = new CountedMetrics(stateDir).sale();
        peers = new Peers("self:8080", Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(5));
        MetricsQueryService service = new MetricsQueryService(new MetricsQuery(stores, CountedMetrics.SELF), MAX_DAYS,
                Forwarding.to(peers), Gathering.alone("self:8080"));
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing.register(service))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        peers.close();
        server.stop();
        stores.close();
    }

    @Test
    void dailyRowsOfOneValue() {
        HttpResponse<String> res = get("/v1/metrics/daily?" + PAGE_VIEWS + "&from=2026-11-20&to=2026-11-21");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(res)).isEqualTo(json("""
                {"rows": [
                  {"date": "2026-11-20", "metric_name": "events", "dimension_key": "event_type",
                   "dimension_value": "page_view", "value": 2},
                  {"date": "2026-11-21", "metric_name": "events", "dimension_key": "event_type",
                   "dimension_value": "page_view", "value": 3}]}
                """));
    }

    @Test
    void dailyRowsOfTheTotalByDefault() {
        HttpResponse<String> res = get("/v1/metrics/daily?metric=events&from=2026-11-01&to=2026-11-30");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(json(res)).isEqualTo(json("""
                {"rows": [
                  {"date": "2026-11-20", "metric_name": "events", "dimension_key": "all", "dimension_value": "all",
                   "value": 2},
                  {"date": "2026-11-21", "metric_name": "events", "dimension_key": "all", "dimension_value": "all",
                   "value": 7}]}
                """));
    }

    @Test
    void dailyRowsOfEveryValueByDateThenValue() {
        HttpResponse<String> res =
                get("/v1/metrics/daily?metric=events&dimension_key=event_type&from=2026-11-21&to=2026-11-22");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(json(res).get("rows").findValuesAsText("dimension_value"))
                .containsExactly("add_to_cart", "checkout", "page_view", "page_view");
        assertThat(json(res).get("rows").findValuesAsText("date"))
                .containsExactly("2026-11-21", "2026-11-21", "2026-11-21", "2026-11-22");
    }

    @Test
    void hourlyRowsOfTheDaysGiven() {
        HttpResponse<String> res = get("/v1/metrics/hourly?" + PAGE_VIEWS + "&from=2026-11-21&to=2026-11-21");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(json(res)).isEqualTo(json("""
                {"rows": [
                  {"hour": "2026-11-21T09:00:00Z", "metric_name": "events", "dimension_key": "event_type",
                   "dimension_value": "page_view", "value": 2},
                  {"hour": "2026-11-21T14:00:00Z", "metric_name": "events", "dimension_key": "event_type",
                   "dimension_value": "page_view", "value": 1}]}
                """));
    }

    @Test
    void hourlyRowsOfTheHoursContainingTimestamps() {
        // 10:30+01:00 is 09:30Z, in hour 09; 14:59:59Z is in hour 14. '+' is encoded, as a query string needs.
        HttpResponse<String> from09 = get("/v1/metrics/hourly?" + PAGE_VIEWS
                + "&from=2026-11-21T10:30:00%2B01:00&to=2026-11-21T14:59:59Z");
        HttpResponse<String> from10 = get("/v1/metrics/hourly?" + PAGE_VIEWS
                + "&from=2026-11-21T10:00:00Z&to=2026-11-21T14:59:59Z");

        assertThat(json(from09).get("rows").findValuesAsText("hour"))
                .containsExactly("2026-11-21T09:00:00Z", "2026-11-21T14:00:00Z");
        assertThat(json(from10).get("rows").findValuesAsText("hour")).containsExactly("2026-11-21T14:00:00Z");
    }

    @Test
    void topValuesLargestFirst() {
        HttpResponse<String> res = get("/v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(json(res)).isEqualTo(json("""
                {"rows": [
                  {"date": "2026-11-21", "metric_name": "events", "dimension_key": "event_type",
                   "dimension_value": "page_view", "value": 3},
                  {"date": "2026-11-21", "metric_name": "events", "dimension_key": "event_type",
                   "dimension_value": "add_to_cart", "value": 2},
                  {"date": "2026-11-21", "metric_name": "events", "dimension_key": "event_type",
                   "dimension_value": "checkout", "value": 2}]}
                """));
    }

    @Test
    void aTopIsMergedFromEveryInstanceAndSaysWhichDidNotAnswer() throws IOException {
        Map<String, String> seen = new ConcurrentHashMap<>();
        WebServer other = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.get("/v1/metrics/daily/top", (req, res) -> {
                    seen.put("forwarded_by", req.headers().first(HeaderNames.create(Peers.FORWARDED_BY)).orElse(""));
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send("""
                            {"rows": [{"date": "2026-11-21", "metric_name": "events", "dimension_key": "event_type",
                                       "dimension_value": "search", "value": 5}]}""");
                }))
                .build().start();
        int closed = unusedPort();
        List<String> others = List.of("127.0.0.1:" + other.port(), "127.0.0.1:" + closed);
        WebServer gathering = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.register(new MetricsQueryService(new MetricsQuery(stores,
                        CountedMetrics.SELF), MAX_DAYS, Forwarding.to(peers), Gathering.across(() -> others, peers))))
                .build().start();
        try {
            HttpResponse<String> res = send(HttpRequest.newBuilder(LocalHttp.uri(gathering,
                    "/v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type&limit=2")).GET().build());

            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(json(res)).isEqualTo(json("""
                    {"rows": [
                      {"date": "2026-11-21", "metric_name": "events", "dimension_key": "event_type",
                       "dimension_value": "search", "value": 5},
                      {"date": "2026-11-21", "metric_name": "events", "dimension_key": "event_type",
                       "dimension_value": "page_view", "value": 3}],
                     "partial": true, "missing": ["127.0.0.1:%d"]}
                    """.formatted(closed)));
            assertThat(res.headers().firstValue("X-Surge-Partial")).hasValue("127.0.0.1:" + closed);
            assertThat(seen).containsEntry("forwarded_by", "self:8080");
        } finally {
            gathering.stop();
            other.stop();
        }
    }

    @Test
    void topValuesUpToTheLimitOfTheMetricAsked() {
        HttpResponse<String> events = get("/v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type&limit=1");
        HttpResponse<String> users = get("/v1/metrics/daily/top?metric=active_users&date=2026-11-21"
                + "&dimension_key=event_type&limit=1000");

        assertThat(json(events).get("rows").findValuesAsText("dimension_value")).containsExactly("page_view");
        assertThat(json(users).get("rows").findValuesAsText("metric_name")).containsExactly("active_users");
        assertThat(json(users).get("rows").get(0).get("value").asLong()).isEqualTo(2);
    }

    @Test
    void noEventsIsAnEmptyList() {
        assertThat(json(get("/v1/metrics/daily?metric=events&dimension_key=event_type&dimension_value=search"
                + "&from=2026-11-01&to=2026-11-30"))).isEqualTo(json("{\"rows\": []}"));
        assertThat(json(get("/v1/metrics/hourly?metric=active_sessions&from=2026-11-21&to=2026-11-21")))
                .isEqualTo(json("{\"rows\": []}"));
        HttpResponse<String> top = get("/v1/metrics/daily/top?date=2020-01-01&dimension_key=event_type");
        assertThat(top.statusCode()).isEqualTo(200);
        assertThat(json(top)).isEqualTo(json("{\"rows\": []}"));
    }

    @Test
    void aRangeOfTheMostDaysIsAnsweredOneMoreIsNot() {
        LocalDate to = LocalDate.parse("2026-11-21");
        LocalDate widest = to.minusDays(MAX_DAYS - 1);
        LocalDate tooWide = to.minusDays(MAX_DAYS);

        assertThat(get("/v1/metrics/daily?metric=events&from=" + widest + "&to=" + to).statusCode()).isEqualTo(200);
        assertThat(get("/v1/metrics/hourly?metric=events&from=" + widest + "&to=" + to).statusCode()).isEqualTo(200);
        assertInvalid(get("/v1/metrics/daily?metric=events&from=" + tooWide + "&to=" + to), "to",
                "to: from '" + tooWide + "' to '" + to + "' spans " + (MAX_DAYS + 1) + " days; at most " + MAX_DAYS
                        + " per query");
        assertInvalid(get("/v1/metrics/hourly?metric=events&from=" + tooWide + "T23:00:00Z&to=" + to), "to",
                "to: from '" + tooWide + "T23:00:00Z' to '" + to + "' spans " + (MAX_DAYS + 1) + " days; at most "
                        + MAX_DAYS + " per query");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '"', textBlock = """
            /v1/metrics/daily?from=2026-11-01&to=2026-11-21 ~ metric ~ metric: required
            /v1/metrics/daily?metric=events&to=2026-11-21 ~ from ~ from: required
            /v1/metrics/daily?metric=events&from=2026-11-01 ~ to ~ to: required
            /v1/metrics/daily?metric=events&from=2026-13-01&to=2026-11-21 ~ from ~ from: '2026-13-01' is not a date (YYYY-MM-DD)
            /v1/metrics/daily?metric=events&from=2026-11-01&to=21.11.2026 ~ to ~ to: '21.11.2026' is not a date (YYYY-MM-DD)
            /v1/metrics/daily?metric=events&from=2026-11-21T00:00:00Z&to=2026-11-21 ~ from ~ from: '2026-11-21T00:00:00Z' is not a date (YYYY-MM-DD)
            /v1/metrics/daily?metric=events&from=2026-11-21&to=2026-11-20 ~ to ~ to: '2026-11-20' is before from '2026-11-21'
            /v1/metrics/daily?metric=clicks&from=2026-11-01&to=2026-11-21 ~ metric ~ metric: 'clicks' is not a metric; one of events, active_users, active_sessions
            /v1/metrics/daily?metric=events&dimension_key=country&from=2026-11-01&to=2026-11-21 ~ dimension_key ~ dimension_key: 'country' is not a dimension of events; one of all, event_type, event_type:event_action
            /v1/metrics/daily?metric=active_users&dimension_key=event_type:event_action&from=2026-11-01&to=2026-11-21 ~ dimension_key ~ dimension_key: 'event_type:event_action' is not a dimension of active_users; one of all, event_type
            /v1/metrics/daily?metric=events&dimension_value=page_view&from=2026-11-01&to=2026-11-21 ~ dimension_value ~ dimension_value: not allowed with dimension_key all, whose one value is 'all'; give a dimension_key: event_type, event_type:event_action
            /v1/metrics/daily?metric=active_sessions&dimension_key=all&dimension_value=all&from=2026-11-01&to=2026-11-21 ~ dimension_value ~ dimension_value: not allowed with dimension_key all, whose one value is 'all'
            /v1/metrics/daily?metric=events&dimension_vaule=page_view&from=2026-11-01&to=2026-11-21 ~ dimension_vaule ~ dimension_vaule: not a parameter of this query; known: metric, dimension_key, dimension_value, from, to
            /v1/metrics/daily?metric=events&metric=active_users&from=2026-11-01&to=2026-11-21 ~ metric ~ metric: given more than once
            /v1/metrics/daily?metric=events&dimension_key=&from=2026-11-01&to=2026-11-21 ~ dimension_key ~ dimension_key: empty; give a value or leave the parameter out
            /v1/metrics/hourly?from=2026-11-21&to=2026-11-21 ~ metric ~ metric: required
            /v1/metrics/hourly?metric=events&from=2026-11-21T25:00:00Z&to=2026-11-21 ~ from ~ from: '2026-11-21T25:00:00Z' is neither a date (YYYY-MM-DD) nor an RFC 3339 timestamp (2026-11-21T14:00:00Z)
            /v1/metrics/hourly?metric=events&from=2026-11-21&to=2026-11-21T14:00:00 ~ to ~ to: '2026-11-21T14:00:00' is neither a date (YYYY-MM-DD) nor an RFC 3339 timestamp (2026-11-21T14:00:00Z)
            /v1/metrics/hourly?metric=events&from=2026-11-21T14:00:00Z&to=2026-11-21T13:59:59Z ~ to ~ to: '2026-11-21T13:59:59Z' is before from '2026-11-21T14:00:00Z'
            /v1/metrics/hourly?metric=events&from=2026-11-21&to=2026-11-20 ~ to ~ to: '2026-11-20' is before from '2026-11-21'
            /v1/metrics/daily/top?dimension_key=event_type ~ date ~ date: required
            /v1/metrics/daily/top?date=2026-11-31&dimension_key=event_type ~ date ~ date: '2026-11-31' is not a date (YYYY-MM-DD)
            /v1/metrics/daily/top?date=2026-11-21 ~ dimension_key ~ dimension_key: required; one of event_type, event_type:event_action
            /v1/metrics/daily/top?date=2026-11-21&dimension_key=all ~ dimension_key ~ dimension_key: all has one value, so no top values; one of event_type, event_type:event_action
            /v1/metrics/daily/top?metric=active_sessions&date=2026-11-21&dimension_key=all ~ metric ~ metric: active_sessions has no dimension but all, so no top values
            /v1/metrics/daily/top?metric=visits&date=2026-11-21&dimension_key=event_type ~ metric ~ metric: 'visits' is not a metric; one of events, active_users, active_sessions
            /v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type&limit=0 ~ limit ~ limit: '0' is not a whole number from 1 to 1000
            /v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type&limit=1001 ~ limit ~ limit: '1001' is not a whole number from 1 to 1000
            /v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type&limit=ten ~ limit ~ limit: 'ten' is not a whole number from 1 to 1000
            /v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type&dimension_value=page_view ~ dimension_value ~ dimension_value: not a parameter of this query; known: metric, dimension_key, date, limit
            """)
    void badParametersAre400NamingTheParameter(String path, String parameter, String message) {
        assertInvalid(get(path), parameter, message);
    }

    @Test
    void oneValueOwnedElsewhereIsAnsweredByItsOwnerAsIfLocal() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        WebServer owner = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.get("/v1/metrics/daily", (req, res) -> {
                    seen.put("forwarded_by", req.headers().first(HeaderNames.create(Peers.FORWARDED_BY)).orElse(""));
                    seen.put("correlation_id", req.headers().first(HeaderNames.create("X-Correlation-ID")).orElse(""));
                    seen.put("query", req.query().rawValue());
                    res.header(Peers.SERVED_BY, "owner:8081");
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send("{\"rows\": []}");
                }))
                .build().start();
        try {
            stores.ownedBy(new HostInfo("127.0.0.1", owner.port()));
            String path = "/v1/metrics/daily?" + PAGE_VIEWS + "&from=2026-11-20&to=2026-11-21";

            HttpResponse<String> res = send(HttpRequest.newBuilder(uri(path)).header("X-Correlation-ID", "trace-9")
                    .GET().build());

            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(json(res)).isEqualTo(json("{\"rows\": []}"));
            assertThat(res.headers().firstValue(Peers.SERVED_BY)).hasValue("owner:8081");
            assertThat(res.headers().firstValue("Location")).isEmpty();
            assertThat(seen).containsEntry("forwarded_by", "self:8080").containsEntry("correlation_id", "trace-9")
                    .containsEntry("query", path.substring(path.indexOf('?') + 1));
        } finally {
            owner.stop();
        }
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() {
        stores.ownedBy(new HostInfo("127.0.0.1", 1));

        HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/v1/metrics/daily?" + PAGE_VIEWS
                + "&from=2026-11-20&to=2026-11-21")).header(Peers.FORWARDED_BY, "other:8080").GET().build());

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(res).get("error").asText()).isEqualTo("unavailable");
    }

    @Test
    void anOwnerThatDoesNotAnswerIs503WithRetryAfter() throws IOException {
        int closed = unusedPort();
        stores.ownedBy(new HostInfo("127.0.0.1", closed));

        HttpResponse<String> res = get("/v1/metrics/daily?" + PAGE_VIEWS + "&from=2026-11-20&to=2026-11-21");

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(res.body()).doesNotContain("127.0.0.1");
    }

    @Test
    void unavailableStoresAre503WithRetryAfter() {
        stores.notStarted();

        for (String path : new String[] {"/v1/metrics/daily?metric=events&from=2026-11-20&to=2026-11-21",
                "/v1/metrics/hourly?metric=events&dimension_key=event_type&from=2026-11-21&to=2026-11-21",
                "/v1/metrics/daily/top?date=2026-11-21&dimension_key=event_type"}) {
            HttpResponse<String> res = get(path);

            assertThat(res.statusCode()).as(path).isEqualTo(503);
            assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(res).get("error").asText()).isEqualTo("unavailable");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/metrics/daily", "/v1/metrics/hourly", "/v1/metrics/daily/top"})
    void otherMethodsAre405(String path) {
        HttpResponse<String> res = send(HttpRequest.newBuilder(uri(path + "?metric=events"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.headers().firstValue("Allow")).hasValue("GET");
        assertThat(json(res).get("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void theCorrelationIdIsEchoedOnAnswersAndErrors() {
        for (String path : new String[] {"/v1/metrics/daily?metric=events&from=2026-11-20&to=2026-11-21",
                "/v1/metrics/daily?metric=events"}) {
            HttpResponse<String> res = send(HttpRequest.newBuilder(uri(path)).header("X-Correlation-ID", "c-42")
                    .GET().build());

            assertThat(res.headers().firstValue("X-Correlation-ID")).hasValue("c-42");
        }
        assertThat(json(get("/v1/metrics/daily?metric=events")).get("correlation_id").asText()).startsWith("http");
    }

    private static void assertInvalid(HttpResponse<String> res, String parameter, String message) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode body = json(res);
        assertThat(body.get("error").asText()).isEqualTo("invalid_request");
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.get("details")).hasSize(1);
        assertThat(body.get("details").get(0).get("field").asText()).isEqualTo(parameter);
        assertThat(parameter + ": " + body.get("details").get(0).get("message").asText()).isEqualTo(message);
    }

    private HttpResponse<String> get(String path) {
        return LocalHttp.get(client, server, path);
    }

    private URI uri(String path) {
        return LocalHttp.uri(server, path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        return LocalHttp.send(client, request);
    }
}
