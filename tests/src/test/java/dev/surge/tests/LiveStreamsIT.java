package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live streams (Server-Sent Events) across two processors, each the real artifact in a JVM of its
 * own on one broker: A (role all, so it takes the orders too) and B. A subscriber on A sees every
 * committed change of an item B owns, resumes with Last-Event-ID, follows an order to its final
 * status; B refuses a key's stream past its cap; and A's streams end at once when it is stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveStreamsIT {

    private static final List<String> ITEMS = IntStream.range(0, 12).mapToObj(i -> "live-" + i).toList();
    private static final long STOCK = 50;
    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static SurgeProcess a;
    static SurgeProcess b;
    /** An item B owns, found by the first test; the id of the stream's event after its first order. */
    static String itemOfB;
    static String idAfterFirstOrder;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        Map<String, String> common = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TOPIC_PARTITIONS", "6",
                "RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "0",
                "SSE_HEARTBEAT", "1s");
        Map<String, String> settingsOfA = new HashMap<>(common);
        settingsOfA.putAll(Map.of("ROLE", "all", "STATE_DIR", dir.resolve("streams-a").toString(),
                // Long, so that a stop that waited for its streams would show.
                "SHUTDOWN_DRAIN_TIMEOUT", "120s"));
        Map<String, String> settingsOfB = new HashMap<>(common);
        settingsOfB.putAll(Map.of("ROLE", "processor", "STATE_DIR", dir.resolve("streams-b").toString(),
                "SSE_MAX_STREAMS_PER_KEY", "2"));
        a = SurgeProcess.start(settingsOfA, dir.resolve("a.log"));
        b = SurgeProcess.start(settingsOfB, dir.resolve("b.log"));
        a.awaitReady(Duration.ofSeconds(120));
        b.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        SurgeProcess.closeAll(a, b, kafka);
    }

    @Test
    @Order(1)
    void aSubscriberOnOneInstanceSeesEveryChangeOfAnItemAnotherOwns() throws Exception {
        for (String item : ITEMS) {
            assertThat(send("PUT", a, "/v1/admin/inventory/" + item, Map.of("stock", STOCK)).statusCode()).isEqualTo(202);
        }
        itemOfB = settledItemOwnedBy(b);

        try (EventStream stream = EventStream.open(a.base() + "/v1/stream/inventory?items=" + itemOfB)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            EventStream.Event current = stream.next(EVENT_WAIT);
            assertThat(current.name()).isEqualTo("level");
            assertThat(current.json().path("available").asLong()).isEqualTo(STOCK);
            assertThat(current.id()).isNotBlank();

            // One order at a time, each decided before the next: separate commits, separate changes
            // (the store's cache folds the changes between two commits into one).
            List<Long> seen = new ArrayList<>();
            List<Long> latenciesMs = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                long sent = System.nanoTime();
                assertThat(order(itemOfB, "live-u" + n).path("status").asText()).isEqualTo("RESERVED");
                EventStream.Event change = stream.next("level", EVENT_WAIT);
                latenciesMs.add(Duration.ofNanos(System.nanoTime() - sent).toMillis());
                assertThat(change.json().path("item_id").asText()).isEqualTo(itemOfB);
                assertThat(change.id()).isNotBlank().isNotEqualTo(current.id());
                seen.add(change.json().path("available").asLong());
                if (n == 1) {
                    idAfterFirstOrder = change.id();
                }
            }
            assertThat(seen).containsExactly(STOCK - 1, STOCK - 2, STOCK - 3);
            System.out.printf("LiveStreamsIT: order POSTed to A -> its change of an item B owns read from A's"
                    + " stream: %s ms%n", latenciesMs);
            assertThat(servedBy(a, itemOfB)).as("B owned the item throughout").isEqualTo(b.address());
        }
    }

    @Test
    @Order(2)
    void aClientReconnectingWithLastEventIdGetsWhatItMissedAndThenWhatComes() throws Exception {
        // An id is a place in the changelog, not in one instance: it resumes on any of them.
        try (EventStream onB = EventStream.open(b.base() + "/v1/stream/inventory?items=" + itemOfB,
                "Last-Event-ID", idAfterFirstOrder)) {
            assertThat(onB.next(EVENT_WAIT).json().path("available").asLong()).isEqualTo(STOCK - 2);
        }
        try (EventStream stream = EventStream.open(a.base() + "/v1/stream/inventory?items=" + itemOfB,
                "Last-Event-ID", idAfterFirstOrder)) {
            assertThat(stream.status()).isEqualTo(200);
            EventStream.Event first = stream.next(EVENT_WAIT);
            assertThat(first.name()).as("no reset, no current level: the missed changes").isEqualTo("level");
            assertThat(first.json().path("available").asLong()).isEqualTo(STOCK - 2);
            assertThat(stream.next(EVENT_WAIT).json().path("available").asLong()).isEqualTo(STOCK - 3);

            order(itemOfB, "live-u4");
            assertThat(stream.next("level", EVENT_WAIT).json().path("available").asLong()).isEqualTo(STOCK - 4);
        }
        try (EventStream stream = EventStream.open(a.base() + "/v1/stream/inventory?items=" + itemOfB,
                "Last-Event-ID", "not-an-id-of-ours")) {
            assertThat(stream.next(EVENT_WAIT).name()).isEqualTo("reset");
            EventStream.Event current = stream.next(EVENT_WAIT);
            assertThat(current.name()).isEqualTo("level");
            assertThat(current.json().path("available").asLong()).isEqualTo(STOCK - 4);
        }
    }

    @Test
    @Order(3)
    void anOrderStreamTellsEachStatusAndEndsWhenItIsFinal() throws Exception {
        // Surge names the order, so the stream opens once the order is placed; its first event is the current status.
        HttpResponse<String> accepted = send("POST", a, "/v1/orders",
                Map.of("user_id", "live-u5", "item_id", itemOfB, "quantity", 2));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String orderId = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();
        try (EventStream stream = EventStream.open(a.base() + "/v1/stream/orders/" + orderId)) {
            assertThat(stream.status()).isEqualTo(200);

            EventStream.Event status = stream.next(EVENT_WAIT);
            assertThat(status.name()).isEqualTo("status");
            assertThat(status.json().path("order_id").asText()).isEqualTo(orderId);
            assertThat(status.json().path("status").asText()).isEqualTo("RESERVED");
            // A reservation is open: the stream stays until it ends, here by a cancel from a payment service.
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("order-commands", itemOfB, "{\"order_id\":\"" + orderId
                        + "\",\"item_id\":\"" + itemOfB + "\",\"type\":\"CANCEL\"}")).get();
            }
            EventStream.Event cancelled = stream.next(EVENT_WAIT);
            assertThat(cancelled.name()).isEqualTo("status");
            assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
            EventStream.Event end = stream.next(EVENT_WAIT);
            assertThat(end.name()).isEqualTo("end");
            assertThat(end.json().path("reason").asText()).isEqualTo("final");
            assertThat(stream.closesWithin(EVENT_WAIT)).isTrue();
            assertThat(stream.closedByServer()).isTrue();
        }
    }

    @Test
    @Order(4)
    void aStreamThatCannotBeServedIsRefusedBeforeItOpens() throws Exception {
        String many = String.join(",", IntStream.range(0, 101).mapToObj(i -> "live-many-" + i).toList());
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("/v1/stream/inventory", "items");
        refusals.put("/v1/stream/inventory?items=" + many, "items");
        refusals.put("/v1/stream/inventory?items=live-0,not%20an%20id", "items");
        refusals.put("/v1/stream/inventory?items=live-0&since=now", "since");
        refusals.put("/v1/stream/orders/not%20an%20id", "order_id");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            try (EventStream stream = EventStream.open(b.base() + refusal.getKey())) {
                assertThat(stream.status()).as(refusal.getKey()).isEqualTo(400);
                JsonNode error = stream.error();
                assertThat(error.path("error").asText()).isEqualTo("invalid_request");
                assertThat(error.path("details").path(0).path("field").asText()).isEqualTo(refusal.getValue());
            }
        }
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(b.base()
                + "/v1/stream/inventory?items=live-0")).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(406);
        assertThat(Json.MAPPER.readTree(json.body()).path("error").asText()).isEqualTo("not_acceptable");
    }

    @Test
    @Order(5)
    void aKeyPastItsCapIsRefusedWith429UntilItClosesAStream() throws Exception {
        String url = b.base() + "/v1/stream/inventory?items=" + itemOfB;
        List<EventStream> open = new ArrayList<>();
        try {
            for (int n = 0; n < 2; n++) {
                EventStream stream = EventStream.open(url);
                open.add(stream);
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.next(EVENT_WAIT).name()).isEqualTo("level");
            }
            try (EventStream refused = EventStream.open(url)) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.response().headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.error().path("error").asText()).isEqualTo("too_many_streams");
            }
            open.removeFirst().close();
            // B notices the closed stream at its next heartbeat (1 s) and gives the place back.
            long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && status != 200) {
                Thread.sleep(500);
                EventStream again = EventStream.open(url);
                status = again.status();
                open.add(again);
            }
            assertThat(status).isEqualTo(200);
        } finally {
            open.forEach(EventStream::close);
        }
    }

    @Test
    @Order(6)
    void stoppingAnInstanceEndsItsStreamsAtOnceInsteadOfWaitingForThem() throws Exception {
        EventStream inventory = EventStream.open(a.base() + "/v1/stream/inventory?items=" + itemOfB);
        EventStream order = EventStream.open(a.base() + "/v1/stream/orders/live-never-ordered");
        try {
            inventory.next("level", EVENT_WAIT);
            assertThat(order.status()).isEqualTo(200);

            a.process().destroy(); // SIGTERM
            long signalled = System.nanoTime();
            for (EventStream stream : List.of(inventory, order)) {
                EventStream.Event end = stream.next("end", EVENT_WAIT);
                assertThat(end.json().path("reason").asText()).isEqualTo("shutting_down");
                assertThat(stream.closesWithin(EVENT_WAIT)).isTrue();
            }
            long endedMs = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
            assertThat(a.process().waitFor(90, TimeUnit.SECONDS)).as("exited, not held by its streams for the"
                    + " 120 s drain timeout").isTrue();
            long exitedMs = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
            assertThat(a.process().exitValue()).as(a.tail()).isZero();
            assertThat(Duration.ofMillis(endedMs)).as("streams ended at the drain's start").isLessThan(
                    Duration.ofSeconds(20));
            System.out.printf("LiveStreamsIT: streams ended %d ms after SIGTERM, the process exited after %d ms%n",
                    endedMs, exitedMs);
        } finally {
            inventory.close();
            order.close();
        }
    }

    /** An item {@code owner} owns, once both instances have said the same of every item twice, 3 s apart. */
    private static String settledItemOwnedBy(SurgeProcess owner) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<String, String> before = Map.of();
        while (System.nanoTime() < deadline) {
            Map<String, String> owners = new LinkedHashMap<>();
            for (String item : ITEMS) {
                String byA = servedBy(a, item);
                String byB = servedBy(b, item);
                owners.put(item, byA != null && byA.equals(byB) ? byA : "unsettled");
            }
            if (owners.equals(before) && !owners.containsValue("unsettled") && owners.containsValue(owner.address())
                    && available(owner, ITEMS).stream().allMatch(units -> units == STOCK)) {
                return owners.entrySet().stream().filter(e -> e.getValue().equals(owner.address())).findFirst()
                        .orElseThrow().getKey();
            }
            before = owners;
            Thread.sleep(3_000);
        }
        throw new AssertionError("the two instances never settled who owns what");
    }

    /** The instance whose state answered a read of the item through {@code asked}; null when none did. */
    private static String servedBy(SurgeProcess asked, String item) throws IOException, InterruptedException {
        HttpResponse<String> res = get(asked, "/v1/inventory/" + item);
        return res.statusCode() == 200 ? res.headers().firstValue("X-Surge-Served-By").orElse(null) : null;
    }

    private static List<Long> available(SurgeProcess asked, List<String> items) throws Exception {
        List<Long> units = new ArrayList<>();
        for (String item : items) {
            HttpResponse<String> res = get(asked, "/v1/inventory/" + item);
            units.add(res.statusCode() == 200 ? Json.MAPPER.readTree(res.body()).path("available").asLong() : -1);
        }
        return units;
    }

    /** Places an order through A and waits for its result. */
    private static JsonNode order(String item, String user) throws Exception {
        HttpResponse<String> accepted = send("POST", a, "/v1/orders",
                Map.of("user_id", user, "item_id", item, "quantity", 1));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String orderId = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();
        HttpResponse<String> result = get(a, "/v1/orders/" + orderId + "?wait=20s");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        return Json.MAPPER.readTree(result.body());
    }

    private static HttpResponse<String> get(SurgeProcess instance, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(instance.base() + path)).timeout(Duration.ofSeconds(40))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, SurgeProcess instance, String path, Object body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(instance.base() + path)).timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
