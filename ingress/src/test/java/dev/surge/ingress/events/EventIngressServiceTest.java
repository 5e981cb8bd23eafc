package dev.surge.ingress.events;

import static dev.surge.ingress.RunningIngress.json;
import static dev.surge.ingress.events.EventRequests.array;
import static dev.surge.ingress.events.EventRequests.event;
import static dev.surge.ingress.events.EventRequests.ndjson;
import static dev.surge.ingress.events.EventRequests.postJson;
import static dev.surge.ingress.events.EventRequests.postNdjson;
import static dev.surge.ingress.events.EventRequests.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.ingress.InMemoryPublisher;
import dev.surge.ingress.IngressExtension;
import dev.surge.ingress.RunningIngress;
import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Validated;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /v1/events over HTTP: the formats, per-event refusals, what is published and what is answered. */
class EventIngressServiceTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @RegisterExtension
    static final IngressExtension server = new IngressExtension();

    @Test
    void queuesAJsonArrayKeyedBySessionWithTheCorrelationIdInOneBatch(RunningIngress ingress) {
        HttpResponse<String> response = postJson(ingress, array(
                event("s-1", "\"event_id\":\"e-1\"", "\"user_id\":\"u-1\"", "\"metadata\":{\"page\":\"/sale\"}",
                        "\"timestamp\":\"2026-01-15T10:30:00+01:00\""),
                event("s-2", "\"user_id\":\"u-2\"")),
                "X-Correlation-ID", "trace-7");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("trace-7");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        assertThat(body.path("rejected").isArray()).isTrue();
        assertThat(body.path("rejected").size()).isZero();
        assertThat(body.path("correlation_id").asText()).isEqualTo("trace-7");

        List<InMemoryPublisher.Published> published = ingress.publisher.published();
        assertThat(ingress.publisher.batches()).containsExactly(2);
        assertThat(published).extracting(InMemoryPublisher.Published::topic).containsOnly("test.events");
        assertThat(published).extracting(InMemoryPublisher.Published::key).containsExactly("s-1", "s-2");
        assertThat(published).extracting(InMemoryPublisher.Published::headers)
                .containsOnly(Map.of(KafkaHeaders.CORRELATION_ID, "trace-7"));
        AnalyticsEvent given = read(published.get(0));
        // Scoped by the key: another key holder cannot send this id first and have ours dropped.
        assertThat(given.eventId()).isEqualTo("anonymous:e-1");
        assertThat(given.userId()).isEqualTo("u-1");
        assertThat(given.metadata().path("page").asText()).isEqualTo("/sale");
        assertThat(given.timestamp()).isEqualTo(Instant.parse("2026-01-15T09:30:00Z"));
        AnalyticsEvent filled = read(published.get(1));
        assertThat(filled.eventId()).matches(UUID);
        assertThat(filled.timestamp()).isNotNull();
        assertThat(filled.metadata().isObject()).isTrue();
        assertThat(filled.metadata().size()).isZero();
    }

    @Test
    void publishesWhatTheTopologyAccepts(RunningIngress ingress) {
        postJson(ingress, array(event("s-1", "\"user_id\":\"u-1\""), event("s-2", "\"user_id\":\"u-2\"",
                "\"metadata\":{\"cart\":[1,2.50,{\"sku\":\"x\"}]}"), event("s-3")));

        MessageValidator topologysValidator = new MessageValidator(10, MessageValidator.DEFAULT_MAX_EVENT_BYTES);
        assertThat(ingress.publisher.published()).hasSize(3).allSatisfy(record -> assertThat(
                topologysValidator.event(record.value())).isInstanceOf(Validated.Valid.class));
    }

    @Test
    void acceptsTheWrappedObject(RunningIngress ingress) {
        HttpResponse<String> response = postJson(ingress, "{\"events\":" + array(event("s-1"), event("s-2")) + "}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("accepted").asInt()).isEqualTo(2);
        assertThat(ingress.publisher.published()).extracting(InMemoryPublisher.Published::key)
                .containsExactly("s-1", "s-2");
    }

    @Test
    void acceptsNdjsonSkippingBlankLinesAndCarriageReturns(RunningIngress ingress) {
        HttpResponse<String> response = postNdjson(ingress,
                "\n" + event("s-1") + "\r\n  \n" + event("s-2") + "\r\n" + event("s-3"),
                "Content-Type", "application/x-ndjson; charset=utf-8");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("accepted").asInt()).isEqualTo(3);
        assertThat(ingress.publisher.published()).extracting(InMemoryPublisher.Published::key)
                .containsExactly("s-1", "s-2", "s-3");
    }

    @Test
    void reportsEachBadEventAtItsIndexAndQueuesTheRest(RunningIngress ingress) {
        HttpResponse<String> response = postJson(ingress, array(
                event("s-0"),
                "{\"event_id\":\"e-1\",\"session_id\":\"s-1\",\"event_type\":\"bad|type\",\"event_action\":\"view\","
                        + "\"coupon\":\"FREE\"}",
                "42",
                event("s-3", "\"event_id\":\"e-3\"", "\"timestamp\":\"yesterday\""),
                event("s-4")));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        JsonNode rejected = body.path("rejected");
        assertThat(rejected.findValuesAsText("index")).containsExactly("1", "2", "3");
        assertThat(rejected.get(0).path("event_id").asText()).isEqualTo("e-1");
        assertThat(rejected.get(0).path("errors").findValuesAsText("field")).containsExactly("coupon", "event_type");
        assertThat(rejected.get(0).path("errors").findValuesAsText("message")).allSatisfy(
                message -> assertThat(message).isNotBlank());
        assertThat(rejected.get(1).path("event_id").isNull()).isTrue();
        assertThat(rejected.get(1).path("errors").findValuesAsText("field")).containsExactly("");
        assertThat(rejected.get(2).path("event_id").asText()).isEqualTo("e-3");
        assertThat(rejected.get(2).path("errors").findValuesAsText("field")).containsExactly("timestamp");
        assertThat(ingress.publisher.published()).extracting(InMemoryPublisher.Published::key)
                .containsExactly("s-0", "s-4");
    }

    @Test
    void anNdjsonLineThatIsNotJsonIsRefusedAtItsIndex(RunningIngress ingress) {
        HttpResponse<String> response = postNdjson(ingress, ndjson(event("s-0"), "{\"session_id\":", event("s-2")));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        assertThat(body.path("rejected")).singleElement().satisfies(rejected -> {
            assertThat(rejected.path("index").asInt()).isEqualTo(1);
            assertThat(rejected.path("event_id").isNull()).isTrue();
            assertThat(rejected.path("errors").findValuesAsText("message"))
                    .singleElement().satisfies(message -> assertThat(message).startsWith("not valid JSON"));
        });
    }

    @Test
    void aJsonBodyThatDoesNotParseIsRefusedWhole(RunningIngress ingress) {
        HttpResponse<String> response = postJson(ingress, "[" + event("s-0") + ",{\"session_id\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_json");
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void refusesAJsonBodyThatIsNotABatch(RunningIngress ingress) {
        assertInvalidRequest("{\"events\":[],\"source\":\"web\"}", "source");
        assertInvalidRequest("{\"batch\":[]}", "batch", "events");
        assertInvalidRequest("{\"events\":{}}", "events");
        assertInvalidRequest("\"events\"", "");
        assertThat(ingress.publisher.published()).isEmpty();
    }

    private static void assertInvalidRequest(String body, String... fields) {
        HttpResponse<String> response = postJson(server.ingress(), body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(json(response).path("error").asText()).as(body).isEqualTo("invalid_request");
        assertThat(json(response).path("details").findValuesAsText("field")).as(body).containsExactly(fields);
    }

    @Test
    void aBatchWithNothingValidIs400WithEveryRefusal(RunningIngress ingress) {
        HttpResponse<String> response = postJson(ingress, array("42", "{\"event_id\":\"e-1\"}"),
                "X-Correlation-ID", "c-400");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("invalid_events");
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("details").isArray()).isTrue();
        assertThat(body.path("correlation_id").asText()).isEqualTo("c-400");
        assertThat(body.path("rejected").findValuesAsText("index")).containsExactly("0", "1");
        assertThat(body.path("rejected").get(1).path("event_id").asText()).isEqualTo("e-1");
        assertThat(body.path("rejected").get(1).path("errors").findValuesAsText("field"))
                .containsExactly("event_action", "event_type", "session_id");
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void anEmptyBatchIs400(RunningIngress ingress) {
        for (HttpResponse<String> response : List.of(postJson(ingress, "[]"), postJson(ingress, "{\"events\":[]}"),
                postNdjson(ingress, "\n \r\n"), postNdjson(ingress, ""))) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isEqualTo("invalid_events");
            assertThat(json(response).path("rejected").isArray()).isTrue();
            assertThat(json(response).path("rejected").size()).isZero();
        }
        assertThat(ingress.publisher.batches()).isEmpty();
    }

    @Test
    void stampsAnEventWithoutTimestampWithTheServerClockAndGivesItAFreshId(RunningIngress ingress) {
        Instant before = Instant.now();
        postJson(ingress, array(event("s-1"), event("s-1")));
        Instant after = Instant.now();

        List<AnalyticsEvent> events = ingress.publisher.published().stream().map(EventRequests::read).toList();
        assertThat(events).extracting(AnalyticsEvent::timestamp).allSatisfy(
                timestamp -> assertThat(timestamp).isBetween(before, after));
        assertThat(events).extracting(AnalyticsEvent::eventId).allMatch(id -> id.matches(UUID)).doesNotHaveDuplicates();
    }

    @Test
    void refusesAnEventStampedFurtherAheadThanAllowed(RunningIngress ingress) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> response = postJson(ingress, array(
                event("s-0", "\"timestamp\":\"" + now.plus(10, ChronoUnit.MINUTES) + "\""),
                event("s-1", "\"timestamp\":\"" + now.plus(1, ChronoUnit.MINUTES) + "\""),
                event("s-2", "\"timestamp\":\"" + now.minus(30, ChronoUnit.DAYS) + "\"")));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("accepted").asInt()).isEqualTo(2);
        assertThat(json(response).path("rejected")).singleElement().satisfies(rejected -> {
            assertThat(rejected.path("index").asInt()).isZero();
            assertThat(rejected.path("errors").findValuesAsText("field")).containsExactly("timestamp");
            assertThat(rejected.path("errors").findValuesAsText("message")).singleElement()
                    .satisfies(message -> assertThat(message).contains("300 s"));
        });
    }

    @Test
    void answers503AndQueuesNothingWhenTheBrokerDoesNotAcknowledge(RunningIngress ingress) {
        double accepted = counter("accepted");
        ingress.publisher.mode(InMemoryPublisher.Mode.TIME_OUT);

        HttpResponse<String> response = postJson(ingress, array(event("s-1"), event("s-2")),
                "X-Correlation-ID", "c-503");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("unavailable");
        assertThat(body.path("message").asText()).contains("Idempotency-Key", "event_id");
        assertThat(body.path("correlation_id").asText()).isEqualTo("c-503");
        assertThat(body.has("accepted")).isFalse();
        assertThat(ingress.publisher.published()).isEmpty();
        assertThat(counter("accepted")).isEqualTo(accepted);
    }

    @Test
    void countsEventsReceivedAcceptedAndRejected(RunningIngress ingress) {
        double received = counter("received");
        double accepted = counter("accepted");
        double rejected = counter("rejected");

        postJson(ingress, array(event("s-1"), "42", event("s-3")));
        postNdjson(ingress, ndjson("not json", "{}"));

        assertThat(counter("received") - received).isEqualTo(5);
        assertThat(counter("accepted") - accepted).isEqualTo(2);
        assertThat(counter("rejected") - rejected).isEqualTo(3);
    }

    private static double counter(String outcome) {
        return server.ingress().metrics.registry().get("gateway.events." + outcome).counter().count();
    }

    @Test
    void onlyPostIsAllowed(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("PUT", EventRequests.PATH, "[]");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(response).path("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aBatchPastTheParsingPlacesIsRefusedAtOnceAndTheNextIsRead() throws Exception {
        try (RunningIngress ingress = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "0", "EVENTS_MAX_CONCURRENT_BATCHES", "1"))) {
            int port = ingress.request("/").build().uri().getPort();
            try (Socket slow = new Socket("127.0.0.1", port)) {
                // A batch whose body is still coming: it holds the one place while it is read.
                OutputStream out = slow.getOutputStream();
                out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                HttpResponse<String> refused = null;
                for (int i = 0; i < 50 && (refused == null || refused.statusCode() != 503); i++) {
                    Thread.sleep(20);
                    refused = postJson(ingress, array(event("s-1")));
                }

                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refused.body()).contains("EVENTS_MAX_CONCURRENT_BATCHES");
            }
            HttpResponse<String> accepted = null;
            for (int i = 0; i < 50 && (accepted == null || accepted.statusCode() != 202); i++) {
                Thread.sleep(20);
                accepted = postJson(ingress, array(event("s-2")));
            }
            assertThat(accepted.statusCode()).isEqualTo(202);
        }
    }
}
