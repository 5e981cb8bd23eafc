package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.http.client.Peers;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three processor instances of one application on one broker, each the real artifact in a JVM of
 * its own, behind one ingress, API keys on: every key is answered by every instance, as if it were
 * local, whichever instance owns it, and no answer names an internal address; lists are the union
 * of all instances, each key once; a top-N is the top-N of all data.
 */
class ScaleOutIT {

    private static final NewKey READ = ApiKeyGenerator.create("reader", Set.of(Scope.READ));
    private static final NewKey WRITE = ApiKeyGenerator.create("shop", Set.of(Scope.ORDERS, Scope.EVENTS, Scope.ADMIN,
            Scope.READ));
    private static final String TOKEN = "internal-".repeat(5);
    private static final List<String> ITEMS = IntStream.range(0, 24).mapToObj(i -> "scale-" + i).toList();

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static RunningSurge ingress;
    static SurgeProcess first;
    static SurgeProcess second;
    static SurgeProcess third;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        Map<String, String> processor = settings(Map.of("ROLE", "processor", "STANDBY_REPLICAS", "1"));
        first = SurgeProcess.start(withStateDir(processor, "first"), dir.resolve("first.log"));
        second = SurgeProcess.start(withStateDir(processor, "second"), dir.resolve("second.log"));
        third = SurgeProcess.start(withStateDir(processor, "third"), dir.resolve("third.log"));
        for (SurgeProcess instance : List.of(first, second, third)) {
            instance.awaitReady(Duration.ofSeconds(120));
        }
        ingress = new RunningSurge(dir.resolve("ingress"), settings(Map.of("ROLE", "ingress")));
    }

    private static Map<String, String> settings(Map<String, String> own) {
        Map<String, String> settings = new HashMap<>(own);
        settings.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        settings.put("TOPIC_PARTITIONS", "6");
        settings.put("API_KEYS", READ.configEntry() + ";" + WRITE.configEntry());
        settings.put("INTERNAL_TOKEN", TOKEN);
        return settings;
    }

    private static Map<String, String> withStateDir(Map<String, String> settings, String name) {
        Map<String, String> own = new HashMap<>(settings);
        own.put("STATE_DIR", dir.resolve(name).toString());
        return own;
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        for (SurgeProcess surge : new SurgeProcess[] {third, second, first}) {
            if (surge != null) {
                surge.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyInstanceAnswersEveryItemAsIfItOwnedIt() throws Exception {
        for (int i = 0; i < ITEMS.size(); i++) {
            HttpResponse<String> set = ingress.send("PUT", "/v1/admin/inventory/" + ITEMS.get(i),
                    Map.of("stock", 100 + i), "X-API-Key", WRITE.key());
            assertThat(set.statusCode()).as(set.body()).isEqualTo(202);
        }
        Set<String> servedBy = new HashSet<>();
        for (SurgeProcess asked : List.of(first, second, third)) {
            for (int i = 0; i < ITEMS.size(); i++) {
                HttpResponse<String> res = readWhenSettled(asked, "/v1/inventory/" + ITEMS.get(i), 100 + i);
                assertThat(res.headers().firstValue("Location")).isEmpty();
                res.headers().firstValue(Peers.SERVED_BY).ifPresent(servedBy::add);
            }
        }
        assertThat(servedBy).as("the items are spread over the three instances, and each says so")
                .containsExactlyInAnyOrder(address(first), address(second), address(third));
    }

    @Test
    void anOrderIsReadableFromEveryInstanceWhileItIsDecided() throws Exception {
        HttpResponse<String> set = ingress.send("PUT", "/v1/admin/inventory/scale-order", Map.of("stock", 5),
                "X-API-Key", WRITE.key());
        assertThat(set.statusCode()).isEqualTo(202);
        readWhenSettled(first, "/v1/inventory/scale-order", 5);

        HttpResponse<String> accepted = ingress.postJson("/v1/orders",
                Map.of("user_id", "u-scale", "item_id", "scale-order", "quantity", 1), "X-API-Key", WRITE.key());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String orderId = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();

        for (SurgeProcess asked : List.of(third, second, first)) {
            HttpResponse<String> result = get(asked, "/v1/orders/" + orderId + "?wait=20s", WRITE.key());
            assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(result.body()).path("status").asText()).isEqualTo("RESERVED");
            // Forwarded or not, the owner applies the caller's view: another key's order is not there.
            assertThat(get(asked, "/v1/orders/" + orderId, READ.key()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void everyInstanceListsTheWholeGroupAndEachPartitionHasOneActiveOwner() throws Exception {
        JsonNode answer = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = get(second, "/v1/instances", READ.key());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            answer = Json.MAPPER.readTree(res.body());
            if (activeInventoryPartitions(answer).size() == 6 && answer.path("instances").size() == 3) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(answer.path("partial").asBoolean()).isFalse();
        List<String> addresses = new ArrayList<>();
        answer.path("instances").forEach(instance -> addresses.add(instance.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrder(address(first), address(second), address(third));
        assertThat(activeInventoryPartitions(answer)).as("each partition of the inventory store active once")
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    private static List<Integer> activeInventoryPartitions(JsonNode answer) {
        List<Integer> partitions = new ArrayList<>();
        answer.path("instances").forEach(instance -> instance.path("stores").path("inventory").path("active")
                .forEach(partition -> partitions.add(partition.asInt())));
        return partitions;
    }

    /** Each metric row lives on one instance; a whole dimension and its top-N are gathered from all. */
    @Test
    void everyInstanceGathersAWholeDimensionAndAGlobalTopFromAllOfThem() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int type = 0; type < 12; type++) {
            counts.put("scale_type_" + type, 3 + type * 2);
        }
        List<Map<String, Object>> events = new ArrayList<>();
        counts.forEach((type, count) -> {
            for (int i = 0; i < count; i++) {
                events.add(Map.of("event_id", type + "-" + i, "session_id", "s-" + type + "-" + i,
                        "event_type", type, "event_action", "view"));
            }
        });
        HttpResponse<String> sent = ingress.postJson("/v1/events", events, "X-API-Key", WRITE.key());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String top = "/v1/metrics/daily/top?metric=events&dimension_key=event_type&date=" + today + "&limit=3";
        String all = "/v1/metrics/daily?metric=events&dimension_key=event_type&from=" + today + "&to=" + today;

        for (SurgeProcess asked : List.of(first, second, third)) {
            JsonNode allRows = rowsWhenCounted(asked, all, counts.size(), 3 + 11 * 2);
            Map<String, Long> gathered = new HashMap<>();
            allRows.forEach(row -> gathered.put(row.path("dimension_value").asText(), row.path("value").asLong()));
            Map<String, Long> expected = new HashMap<>();
            counts.forEach((type, count) -> expected.put(type, (long) count));
            assertThat(gathered).as("every value once, from whichever instance holds it").isEqualTo(expected);

            JsonNode topRows = rowsWhenCounted(asked, top, 3, 3 + 11 * 2);
            assertThat(topRows.findValuesAsText("dimension_value"))
                    .containsExactly("scale_type_11", "scale_type_10", "scale_type_9");
            assertThat(topRows.findValues("value")).extracting(JsonNode::asLong).containsExactly(25L, 23L, 21L);
        }
    }

    /** The rows once {@code size} of them are counted in full (the largest at {@code largest}). */
    private static JsonNode rowsWhenCounted(SurgeProcess asked, String path, int size, long largest)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode answer = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = get(asked, path, READ.key());
            assertThat(res.statusCode()).as(res.body()).isIn(200, 503);
            if (res.statusCode() == 200) {
                answer = Json.MAPPER.readTree(res.body());
                assertThat(answer.path("partial").asBoolean(false)).as(res.body()).isFalse();
                JsonNode rows = answer.path("rows");
                long max = 0;
                for (JsonNode row : rows) {
                    max = Math.max(max, row.path("value").asLong());
                }
                if (rows.size() == size && max == largest && settled(rows)) {
                    return rows;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " from " + address(asked) + " never complete: " + answer);
    }

    private static boolean settled(JsonNode rows) {
        for (JsonNode row : rows) {
            String type = row.path("dimension_value").asText();
            long expected = 3 + Long.parseLong(type.substring("scale_type_".length())) * 2;
            if (row.path("value").asLong() != expected) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theWholeInventoryPagesFromAnyInstanceEachItemExactlyOnce() throws Exception {
        List<String> items = IntStream.range(0, 17).mapToObj(i -> String.format("page-%02d", i)).toList();
        for (String item : items) {
            HttpResponse<String> set = ingress.send("PUT", "/v1/admin/inventory/" + item, Map.of("stock", 7),
                    "X-API-Key", WRITE.key());
            assertThat(set.statusCode()).isEqualTo(202);
        }
        for (String item : items) {
            readWhenSettled(first, "/v1/inventory/" + item, 7);
        }
        for (SurgeProcess asked : List.of(second, third)) {
            List<String> listed = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                HttpResponse<String> res = get(asked, "/v1/inventory?prefix=page-&limit=5"
                        + (cursor == null ? "" : "&cursor=" + cursor), READ.key());
                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                JsonNode page = Json.MAPPER.readTree(res.body());
                assertThat(page.path("partial").asBoolean(false)).as(res.body()).isFalse();
                page.path("items").forEach(item -> listed.add(item.path("item_id").asText()));
                cursor = page.hasNonNull("next_cursor") ? page.path("next_cursor").asText() : null;
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(listed).as("in id order, each once, from every instance's partitions").isEqualTo(items);
            assertThat(pages).isEqualTo(4);
        }
    }

    @Test
    void withoutTheCallersKeyNoInstanceAnswers() throws Exception {
        for (SurgeProcess asked : List.of(first, second, third)) {
            assertThat(get(asked, "/v1/inventory/" + ITEMS.getFirst(), null).statusCode()).isEqualTo(401);
        }
    }

    /**
     * The answer once the group has settled: right after the instances join, partitions move, and
     * a read meanwhile is a 503 with Retry-After, never another error.
     */
    private static HttpResponse<String> readWhenSettled(SurgeProcess asked, String path, long available)
            throws Exception {
        return asked.awaitLevel(path, available, READ.key());
    }

    private static HttpResponse<String> get(SurgeProcess asked, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(asked.base() + path))
                .timeout(Duration.ofSeconds(40)).GET();
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String address(SurgeProcess surge) {
        return surge.address();
    }
}
