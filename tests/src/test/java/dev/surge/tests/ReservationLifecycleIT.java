package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.Sha256;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.http.client.Peers;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reservations ended over HTTP, on a real broker and two processors, each the real artifact in a
 * JVM of its own, API keys on: A (role all, so it takes the orders too) and B (a processor alone,
 * with its own producer for the commands). A confirm or cancel is answered with the order's new
 * state, again when repeated, 409 with the status once the hold has ended otherwise, 404 for an
 * order the caller does not know; whichever instance is asked, the order's owner decides.
 */
class ReservationLifecycleIT {

    /** Short, so that a hold left alone ends within the test; long enough for a confirm to come first. */
    private static final Duration TTL = Duration.ofSeconds(4);
    private static final NewKey SHOP = ApiKeyGenerator.create("shop-a", Set.of(Scope.ORDERS, Scope.READ));
    private static final NewKey OTHER_SHOP = ApiKeyGenerator.create("shop-b", Set.of(Scope.ORDERS, Scope.READ));
    private static final NewKey OPS = ApiKeyGenerator.create("ops", Set.of(Scope.ADMIN, Scope.READ));
    private static final String TOKEN = "lifecycle-".repeat(4);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static SurgeProcess a;
    static SurgeProcess b;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        Map<String, String> common = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TOPIC_PARTITIONS", "6",
                "API_KEYS", String.join(";", SHOP.configEntry(), OTHER_SHOP.configEntry(), OPS.configEntry()),
                "INTERNAL_TOKEN", TOKEN,
                "RESERVATION_TTL", TTL.toSeconds() + "s");
        Map<String, String> settingsOfA = new HashMap<>(common);
        settingsOfA.putAll(Map.of("ROLE", "all", "STATE_DIR", dir.resolve("streams-a").toString()));
        Map<String, String> settingsOfB = new HashMap<>(common);
        settingsOfB.putAll(Map.of("ROLE", "processor", "STATE_DIR", dir.resolve("streams-b").toString()));
        a = SurgeProcess.start(settingsOfA, dir.resolve("a.log"));
        b = SurgeProcess.start(settingsOfB, dir.resolve("b.log"));
        a.awaitReady(Duration.ofSeconds(120));
        b.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        SurgeProcess.closeAll(b, a, kafka);
    }

    @Test
    void aConfirmSellsTheUnitsForGoodAndACancelGivesThemBackEachAnsweredAgainWhenRepeated() throws Exception {
        stock("life-1", 5);
        String sold = reserved("life-1", 2, SHOP);
        String given = reserved("life-1", 1, SHOP);

        HttpResponse<String> confirmed = command(a, sold, "confirm", SHOP);
        HttpResponse<String> cancelled = command(a, given, "cancel", SHOP);

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        JsonNode result = Json.MAPPER.readTree(confirmed.body());
        assertThat(result.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(result.path("order_id").asText()).isEqualTo(sold);
        assertThat(result.path("quantity").asInt()).isEqualTo(2);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(cancelled.body()).path("status").asText()).isEqualTo("CANCELLED");
        JsonNode level = level("life-1", l -> l.path("reserved").asLong() == 0);
        assertThat(level.path("available").asLong()).as(level.toString()).isEqualTo(3);
        assertThat(level.path("confirmed").asLong()).as(level.toString()).isEqualTo(2);
        assertThat(level.path("supplied").asLong()).isEqualTo(5);

        // Repeated, from either instance: the same final answer, and nothing moves.
        for (SurgeProcess asked : List.of(a, b)) {
            HttpResponse<String> again = command(asked, sold, "confirm", SHOP);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(again.body()).path("status").asText()).isEqualTo("CONFIRMED");
            HttpResponse<String> cancelledAgain = command(asked, given, "cancel", SHOP);
            assertThat(cancelledAgain.statusCode()).as(cancelledAgain.body()).isEqualTo(200);
        }
        HttpResponse<String> tooLate = command(a, sold, "cancel", SHOP);
        assertThat(tooLate.statusCode()).as(tooLate.body()).isEqualTo(409);
        JsonNode error = Json.MAPPER.readTree(tooLate.body());
        assertThat(error.path("error").asText()).isEqualTo("order_status_conflict");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("status");
        assertThat(error.path("details").get(0).path("message").asText()).isEqualTo("CONFIRMED");
        assertThat(error.path("correlation_id").asText()).isNotBlank();
        assertThat(command(a, given, "confirm", SHOP).statusCode()).isEqualTo(409);
        assertThat(level("life-1", l -> true)).isEqualTo(level);
    }

    @Test
    void aHoldLeftAloneExpiresAndCannotBeConfirmedAfter() throws Exception {
        stock("life-2", 3);
        String order = reserved("life-2", 1, SHOP);

        JsonNode expired = awaitStatus(order, "EXPIRED", TTL.plusSeconds(20));
        HttpResponse<String> confirm = command(a, order, "confirm", SHOP);

        assertThat(expired.path("status").asText()).isEqualTo("EXPIRED");
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(confirm.body()).path("details").get(0).path("message").asText())
                .isEqualTo("EXPIRED");
        assertThat(level("life-2", l -> l.path("available").asLong() == 3).path("reserved").asLong()).isZero();
    }

    @Test
    void anUnknownOrderAndAnotherShopsOrderAreNotFound() throws Exception {
        stock("life-3", 3);
        String order = reserved("life-3", 1, SHOP);

        for (SurgeProcess asked : List.of(a, b)) {
            assertThat(command(asked, "no-such-order", "confirm", SHOP).statusCode()).isEqualTo(404);
            assertThat(command(asked, "no-such-order", "cancel", SHOP).statusCode()).isEqualTo(404);
            HttpResponse<String> others = command(asked, order, "cancel", OTHER_SHOP);
            assertThat(others.statusCode()).as(others.body()).isEqualTo(404);
            assertThat(others.body()).doesNotContain("shop-a");
        }
        HttpResponse<String> own = get(a, "/v1/orders/" + order, SHOP);
        assertThat(Json.MAPPER.readTree(own.body()).path("status").asText()).as("untouched by the other shop")
                .isIn("RESERVED", "EXPIRED");
    }

    @Test
    void aWaitingOrderIsServedByTheUnitsACancelReleasesAndCanThenBeConfirmed() throws Exception {
        stock("life-4", 1);
        String holder = reserved("life-4", 1, SHOP);
        String waiting = placed("life-4", 1, SHOP, true);
        assertThat(awaitStatus(waiting, "WAITLISTED", Duration.ofSeconds(20)).path("status").asText())
                .isEqualTo("WAITLISTED");

        HttpResponse<String> early = command(a, waiting, "confirm", SHOP);
        HttpResponse<String> cancelled = command(a, holder, "cancel", SHOP);

        assertThat(early.statusCode()).as("nothing held to confirm yet: %s", early.body()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(early.body()).path("details").get(0).path("message").asText())
                .isEqualTo("WAITLISTED");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode served = awaitStatus(waiting, "RESERVED", Duration.ofSeconds(20));
        assertThat(served.path("reason").asText()).isEqualTo("FROM_WAITLIST");
        HttpResponse<String> confirmed = command(b, waiting, "confirm", SHOP);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(confirmed.body()).path("status").asText()).isEqualTo("CONFIRMED");
        JsonNode level = level("life-4", l -> l.path("confirmed").asLong() == 1);
        assertThat(level.path("available").asLong()).isZero();
        assertThat(level.path("reserved").asLong()).isZero();
    }

    @Test
    void theIdempotencyKeyIsCheckedAndTravelsOnTheCommandScopedToTheApiKey() throws Exception {
        stock("life-5", 2);
        String order = reserved("life-5", 1, SHOP);

        HttpResponse<String> bad = command(a, order, "confirm", SHOP, "Idempotency-Key", "k".repeat(256));
        HttpResponse<String> good = command(a, order, "confirm", SHOP, "Idempotency-Key", "payment-5",
                "X-Correlation-ID", "pay-life-5");

        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).path("details").get(0).path("field").asText())
                .isEqualTo("Idempotency-Key");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> commands = Topics.readUntil(kafka.bootstrapServers(), "order-commands",
                records -> records.stream().anyMatch(r -> "pay-life-5".equals(
                        KafkaHeaders.text(r.headers(), KafkaHeaders.CORRELATION_ID))), Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> sent = commands.stream().filter(r -> "pay-life-5".equals(
                KafkaHeaders.text(r.headers(), KafkaHeaders.CORRELATION_ID))).findFirst().orElseThrow();
        assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("life-5");
        assertThat(KafkaHeaders.text(sent.headers(), KafkaHeaders.IDEMPOTENCY_KEY))
                .isEqualTo("shop-a:" + Sha256.hex(Sha256.of("payment-5")));
        JsonNode value = Json.MAPPER.readTree(sent.value());
        assertThat(value.path("order_id").asText()).isEqualTo(order);
        assertThat(value.path("type").asText()).isEqualTo("CONFIRM");
    }

    @Test
    void aCommandSentToTheInstanceThatDoesNotOwnTheOrderIsDecidedByItsOwner() throws Exception {
        stock("life-6", 40);
        // Orders until each instance owns one: the owner is the order_id's partition's.
        Map<SurgeProcess, String> ownedBy = new HashMap<>();
        for (int i = 0; i < 40 && ownedBy.size() < 2; i++) {
            String order = reserved("life-6", 1, SHOP);
            String owner = get(a, "/v1/orders/" + order, SHOP).headers().firstValue(Peers.SERVED_BY).orElseThrow();
            ownedBy.putIfAbsent(owner.equals(a.address()) ? a : b, order);
        }
        assertThat(ownedBy).as("each instance owns some order").containsOnlyKeys(a, b);

        // B's order confirmed through A (B sends the command with its own producer), A's through B.
        HttpResponse<String> throughA = command(a, ownedBy.get(b), "confirm", SHOP);
        HttpResponse<String> throughB = command(b, ownedBy.get(a), "confirm", SHOP);

        assertThat(throughA.statusCode()).as(throughA.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(throughA.body()).path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(throughA.headers().firstValue(Peers.SERVED_BY)).hasValue(b.address());
        assertThat(throughB.statusCode()).as(throughB.body()).isEqualTo(200);
        assertThat(throughB.headers().firstValue(Peers.SERVED_BY)).hasValue(a.address());
        assertThat(metrics(b)).as("B's own producer for the commands, its client metrics bound")
                .contains("client_id=\"surge-processor-commands\"");
        // Every answer counted by route and status, as every request is.
        assertThat(metrics(a)).containsPattern(Pattern.compile("http_server_request_duration_seconds_count\\{[^}]*"
                + "route=\"/v1/orders/\\{order_id}/confirm\"[^}]*status=\"200\"[^}]*} [1-9]"));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void stock(String item, long units) throws Exception {
        HttpResponse<String> set = send(HttpRequest.newBuilder(URI.create(a.base() + "/v1/admin/inventory/" + item))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"stock\":" + units + "}")), OPS);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(202);
        a.awaitLevel("/v1/inventory/" + item, units, OPS.key());
        b.awaitLevel("/v1/inventory/" + item, units, OPS.key());
    }

    /** An order placed through A's ingress, once it is RESERVED. */
    private static String reserved(String item, int quantity, NewKey key) throws Exception {
        String orderId = placed(item, quantity, key, false);
        awaitStatus(orderId, "RESERVED", Duration.ofSeconds(20));
        return orderId;
    }

    private static String placed(String item, int quantity, NewKey key, boolean waitlist) throws Exception {
        String body = "{\"user_id\":\"u-life\",\"item_id\":\"" + item + "\",\"quantity\":" + quantity
                + (waitlist ? ",\"waitlist\":true" : "") + "}";
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(a.base() + "/v1/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), key);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).path("order_id").asText();
    }

    /** The order's result once its status is {@code status}, asked of A until then. */
    private static JsonNode awaitStatus(String orderId, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = get(a, "/v1/orders/" + orderId + "?wait=2s", SHOP);
            if (res.statusCode() == 200) {
                last = Json.MAPPER.readTree(res.body());
                if (last.path("status").asText().equals(status)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(orderId + " never " + status + ", last " + last + "\nA: " + a.tail()
                + "\nB: " + b.tail());
    }

    /** The item's level from A once {@code settled} holds for it. */
    private static JsonNode level(String item, Predicate<JsonNode> settled) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        JsonNode level = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = get(a, "/v1/inventory/" + item, OPS);
            if (res.statusCode() == 200) {
                level = Json.MAPPER.readTree(res.body());
                if (settled.test(level)) {
                    return level;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(item + " never settled: " + level);
    }

    /**
     * POST /v1/orders/{id}/{verb} to {@code asked}; a 503 (a partition moving) is asked again, as a
     * client would: the order's state decides the answer, so a retry is safe.
     */
    private static HttpResponse<String> command(SurgeProcess asked, String orderId, String verb, NewKey key,
                                                String... headers) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        HttpResponse<String> res;
        do {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(asked.base() + "/v1/orders/" + orderId
                    + "/" + verb)).POST(HttpRequest.BodyPublishers.noBody());
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            res = send(request, key);
            if (res.statusCode() != 503) {
                return res;
            }
            System.out.printf("ReservationLifecycleIT: %s %s of %s answered 503, asking again: %s%n", asked.address(),
                    verb, orderId, res.body());
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return res;
    }

    private static String metrics(SurgeProcess instance) throws Exception {
        return get(instance, "/metrics", OPS).body();
    }

    private static HttpResponse<String> get(SurgeProcess asked, String path, NewKey key) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(asked.base() + path)).GET(), key);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, NewKey key)
            throws Exception {
        return http.send(request.header("X-API-Key", key.key()).timeout(Duration.ofSeconds(40)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
