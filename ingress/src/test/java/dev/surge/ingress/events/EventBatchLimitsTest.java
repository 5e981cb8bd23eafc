package dev.surge.ingress.events;

import static dev.surge.ingress.RunningIngress.json;
import static dev.surge.ingress.events.EventRequests.JSON;
import static dev.surge.ingress.events.EventRequests.NDJSON;
import static dev.surge.ingress.events.EventRequests.array;
import static dev.surge.ingress.events.EventRequests.event;
import static dev.surge.ingress.events.EventRequests.gzip;
import static dev.surge.ingress.events.EventRequests.ndjson;
import static dev.surge.ingress.events.EventRequests.post;
import static dev.surge.ingress.events.EventRequests.postJson;
import static dev.surge.ingress.events.EventRequests.postNdjson;
import static dev.surge.ingress.events.EventRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.ingress.IngressExtension;
import dev.surge.ingress.RunningIngress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What POST /v1/events takes: types, codings and every size limit, gzip bombs included. */
class EventBatchLimitsTest {

    private static final int MAX_BATCH = 5;
    private static final int MAX_EVENT_BYTES = 512;

    @RegisterExtension
    static final IngressExtension server = new IngressExtension(() -> new RunningIngress(EventRequests.settings(
            "EVENTS_MAX_BATCH", Integer.toString(MAX_BATCH),
            "EVENTS_MAX_EVENT_BYTES", Integer.toString(MAX_EVENT_BYTES))));

    @Test
    void acceptsEachFormatGzipped(RunningIngress ingress) {
        String[] events = {event("s-1"), event("s-2")};
        for (HttpResponse<String> response : List.of(
                post(ingress, JSON, gzip(utf8(array(events))), "Content-Encoding", "gzip"),
                post(ingress, JSON, gzip(utf8("{\"events\":" + array(events) + "}")), "Content-Encoding", "GZIP"),
                post(ingress, NDJSON, gzip(utf8(ndjson(events))), "Content-Encoding", "x-gzip"),
                post(ingress, NDJSON, gzip(utf8(ndjson(events))), "Content-Encoding", "identity, gzip"))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(json(response).path("accepted").asInt()).isEqualTo(2);
        }
        assertThat(ingress.publisher.published()).hasSize(8);
    }

    @Test
    void acceptsTheIdentityCoding(RunningIngress ingress) {
        HttpResponse<String> response = post(ingress, JSON, utf8(array(event("s-1"))), "Content-Encoding", "identity");

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void aGzipBombIs413WithoutInflatingItAndQueuesNothing(RunningIngress ingress) {
        // 50 MB of zeros: about 50 KB on the wire, fifty times the body limit once inflated.
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan((int) RunningIngress.MAX_BODY_BYTES / 10);

        for (String type : List.of(JSON, NDJSON)) {
            long start = System.nanoTime();
            HttpResponse<String> response = post(ingress, type, bomb, "Content-Encoding", "gzip");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).path("error").asText()).isEqualTo("payload_too_large");
            assertThat(json(response).path("message").asText()).contains("decompressed");
        }
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void aBodyThatInflatesToExactlyTheLimitIsRead(RunningIngress ingress) {
        byte[] padded = utf8(array(event("s-1")));
        byte[] body = Arrays.copyOf(padded, (int) RunningIngress.MAX_BODY_BYTES);
        Arrays.fill(body, padded.length, body.length, (byte) ' ');

        HttpResponse<String> response = post(ingress, JSON, gzip(body), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void aCompressedBodyOverTheLimitIs413(RunningIngress ingress) {
        byte[] noise = new byte[(int) RunningIngress.MAX_BODY_BYTES];
        new Random(7).nextBytes(noise);
        byte[] compressed = gzip(noise);
        assertThat(compressed.length).isGreaterThan((int) RunningIngress.MAX_BODY_BYTES);

        HttpResponse<String> response = post(ingress, JSON, compressed, "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").asText()).isEqualTo("payload_too_large");
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void anUncompressedBodyOverTheLimitIs413(RunningIngress ingress) {
        String events = array(event("s-1"));
        String body = events + " ".repeat((int) RunningIngress.MAX_BODY_BYTES - events.length() + 1);

        HttpResponse<String> response = postJson(ingress, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void brokenGzipIs400(RunningIngress ingress) {
        byte[] whole = gzip(utf8(array(event("s-1"))));
        byte[] badChecksum = whole.clone();
        badChecksum[whole.length - 8] ^= 1;
        for (byte[] body : List.of(utf8(array(event("s-1"))), Arrays.copyOf(whole, whole.length - 6), badChecksum,
                new byte[0])) {
            HttpResponse<String> response = post(ingress, JSON, body, "Content-Encoding", "gzip");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isEqualTo("invalid_body");
            assertThat(json(response).path("message").asText()).contains("gzip");
        }
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void anotherCodingIs415NamingTheOnesTaken(RunningIngress ingress) {
        for (String coding : List.of("br", "deflate", "compress", "gzip, gzip", "zstd")) {
            HttpResponse<String> response = post(ingress, JSON, gzip(utf8(array(event("s-1")))),
                    "Content-Encoding", coding);

            assertThat(response.statusCode()).as(coding).isEqualTo(415);
            assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("gzip, identity");
            assertThat(json(response).path("error").asText()).isEqualTo("unsupported_media_type");
            assertThat(json(response).path("message").asText()).contains("gzip", "identity");
        }
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void anotherContentTypeIs415(RunningIngress ingress) {
        for (String type : List.of("text/plain", "application/json; charset=utf-16",
                "application/x-ndjson; charset=latin1", "application/jsonl", "multipart/form-data")) {
            HttpResponse<String> response = post(ingress, type, utf8(array(event("s-1"))));

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(json(response).path("error").asText()).isEqualTo("unsupported_media_type");
            assertThat(json(response).path("message").asText()).contains("application/json", "application/x-ndjson");
        }
        HttpResponse<String> untyped = ingress.send("POST", EventRequests.PATH, utf8(array(event("s-1"))));
        assertThat(untyped.statusCode()).isEqualTo(415);
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void moreEventsThanABatchHoldsIs413(RunningIngress ingress) {
        String[] full = Collections.nCopies(MAX_BATCH, event("s-1")).toArray(String[]::new);
        String[] over = Collections.nCopies(MAX_BATCH + 1, event("s-1")).toArray(String[]::new);

        assertThat(postJson(ingress, array(full)).statusCode()).isEqualTo(202);
        assertThat(postNdjson(ingress, ndjson(full)).statusCode()).isEqualTo(202);
        ingress.publisher.clear();
        for (HttpResponse<String> response : List.of(postJson(ingress, array(over)), postNdjson(ingress, ndjson(over)),
                post(ingress, NDJSON, gzip(utf8(ndjson(over))), "Content-Encoding", "gzip"))) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).path("error").asText()).isEqualTo("too_many_events");
            assertThat(json(response).path("message").asText()).contains(Integer.toString(MAX_BATCH));
        }
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void anOversizedEventIsRefusedAtItsIndexNotItsBatch(RunningIngress ingress) {
        String big = event("s-1", "\"metadata\":{\"note\":\"" + "x".repeat(MAX_EVENT_BYTES) + "\"}");
        for (HttpResponse<String> response : List.of(postJson(ingress, array(event("s-0"), big)),
                postNdjson(ingress, ndjson(event("s-0"), big)))) {
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(json(response).path("accepted").asInt()).isEqualTo(1);
            assertThat(json(response).path("rejected")).singleElement().satisfies(rejected -> {
                assertThat(rejected.path("index").asInt()).isEqualTo(1);
                assertThat(rejected.path("errors").findValuesAsText("message")).singleElement()
                        .satisfies(message -> assertThat(message).contains(Integer.toString(MAX_EVENT_BYTES)));
            });
        }
        assertThat(ingress.publisher.published()).extracting(record -> record.key()).containsOnly("s-0");
    }

    @Test
    void anEventThatFillingInWouldPushPastTheLimitIsRefused(RunningIngress ingress) {
        // Exactly the limit as sent; the timestamp filled in takes it over.
        String prefix = "{\"event_id\":\"e-1\",\"session_id\":\"s-1\",\"event_type\":\"page\","
                + "\"event_action\":\"view\",\"metadata\":{\"note\":\"";
        String nearlyFull = prefix + "x".repeat(MAX_EVENT_BYTES - prefix.length() - 3) + "\"}}";
        assertThat(utf8(nearlyFull)).hasSize(MAX_EVENT_BYTES);

        HttpResponse<String> response = postJson(ingress, array(event("s-0"), nearlyFull));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("rejected")).singleElement().satisfies(rejected -> {
            assertThat(rejected.path("index").asInt()).isEqualTo(1);
            assertThat(rejected.path("event_id").asText()).isEqualTo("e-1");
            assertThat(rejected.path("errors").findValuesAsText("message")).singleElement()
                    .satisfies(message -> assertThat(message).contains("filled in"));
        });
    }
}
