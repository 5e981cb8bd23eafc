package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.schemas.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * CORS as a browser enforces it: headless Chromium opens a shop's page on an allowed origin and
 * one on another origin, and each page posts analytics events to a real node (embedded broker,
 * API keys on) with fetch(). The allowed page's events are accepted and counted; the other page's
 * fetch is refused by the browser at the preflight, so its events never reach the node. Nor may
 * the allowed page call any route but POST /v1/events.
 */
class CorsBrowserIT {

    private static final NewKey SHOP_KEY = ApiKeyGenerator.create("shop-web", Set.of(Scope.EVENTS));
    private static final NewKey DASHBOARD = ApiKeyGenerator.create("dashboard", Set.of(Scope.READ));

    @TempDir
    static Path dir;

    static ShopPage shop;
    static ShopPage elsewhere;
    static RunningSurge surge;
    static ChromeDriver browser;
    static Instant at;

    @BeforeAll
    static void start() throws Exception {
        at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        shop = new ShopPage();
        elsewhere = new ShopPage();
        surge = new RunningSurge(dir, Map.of(
                "API_KEYS", SHOP_KEY.configEntry() + ";" + DASHBOARD.configEntry(),
                "CORS_ORIGINS", shop.origin()));
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (surge != null) {
            surge.close();
        }
        shop.close();
        elsewhere.close();
    }

    @Test
    void aPageOnAnAllowedOriginSendsEventsThatAreAcceptedAndCounted() throws Exception {
        List<Map<String, Object>> events = List.of(
                EventsEndToEndIT.event("cors-ok-1", "cors-s1", "cors-u1", "cors_probe", "view", at),
                EventsEndToEndIT.event("cors-ok-2", "cors-s1", "cors-u1", "cors_probe", "click", at));

        Map<String, Object> answer = sendFrom(shop, "/v1/events", Json.toString(events));

        assertThat(answer).as("what fetch() gave the page").containsEntry("status", 202L);
        assertThat(Json.MAPPER.readTree((String) answer.get("body")).path("accepted").asInt()).isEqualTo(2);
        // Exposed: without Access-Control-Expose-Headers the page would read null here.
        assertThat((String) answer.get("correlationId")).isNotBlank();
        assertThat(eventIdsOnTopic(id -> id.equals("cors-ok-2"))).contains("cors-ok-1", "cors-ok-2");
        assertThat(EventsEndToEndIT.awaitValue(CorsBrowserIT::probesCountedToday, count -> count == 2,
                Duration.ofSeconds(30))).isEqualTo(2);
    }

    @Test
    void aPageOnAnotherOriginIsRefusedByTheBrowserAndNothingIsPublished() throws Exception {
        String refused = Json.toString(List.of(
                EventsEndToEndIT.event("cors-refused-1", "cors-s2", "cors-u2", "cors_elsewhere", "view", at)));

        Map<String, Object> answer = sendFrom(elsewhere, "/v1/events", refused);

        assertThat(answer).as("what fetch() gave the page").doesNotContainKey("status");
        assertThat((String) answer.get("error")).startsWith("TypeError");
        // A batch from the allowed page afterwards: once it is on the topic, the refused one would be too.
        String marker = Json.toString(List.of(
                EventsEndToEndIT.event("cors-marker-1", "cors-s2", "cors-u2", "cors_marker", "view", at)));
        assertThat(sendFrom(shop, "/v1/events", marker)).containsEntry("status", 202L);
        assertThat(eventIdsOnTopic(id -> id.equals("cors-marker-1")))
                .contains("cors-marker-1")
                .doesNotContain("cors-refused-1");
    }

    @Test
    void anAllowedOriginMayCallNoOtherRoute() {
        Map<String, Object> order = sendFrom(shop, "/v1/orders",
                Json.toString(Map.of("user_id", "cors-u3", "item_id", "cors-item", "quantity", 1)));

        assertThat(order).as("what fetch() gave the page").doesNotContainKey("status");
        assertThat((String) order.get("error")).startsWith("TypeError");
    }

    /** Opens the page and runs its send() against the node: the browser makes the request, preflight and all. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sendFrom(ShopPage page, String path, String body) {
        browser.get(page.origin() + "/");
        String url = "http://127.0.0.1:" + surge.node.httpPort() + path;
        return (Map<String, Object>) browser.executeAsyncScript(
                "send(arguments[0], arguments[1], arguments[2]).then(arguments[arguments.length - 1]);",
                url, SHOP_KEY.key(), body);
    }

    private static Set<String> eventIdsOnTopic(java.util.function.Predicate<String> last) {
        List<ConsumerRecord<byte[], byte[]>> records = Topics.readUntil(surge.node.bootstrapServers(),
                surge.node.config().topics().events().name(),
                read -> read.stream().map(CorsBrowserIT::clientEventId).anyMatch(last), Duration.ofSeconds(20));
        return records.stream().map(CorsBrowserIT::clientEventId).collect(Collectors.toSet());
    }

    /** The event_id as the page sent it: on the topic it is scoped by the key, "shop-web:cors-ok-1". */
    private static String clientEventId(ConsumerRecord<byte[], byte[]> record) {
        String id = EventsEndToEndIT.eventId(record);
        return id.startsWith(SHOP_KEY.id() + ":") ? id.substring(SHOP_KEY.id().length() + 1) : id;
    }

    /** Today's count of the probe events, as a dashboard reads it (with its own key: reads need one here). */
    private static long probesCountedToday() throws Exception {
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        HttpResponse<String> res = surge.http.send(HttpRequest.newBuilder(URI.create(surge.url(
                        "/v1/metrics/daily?metric=events&from=" + today + "&to=" + today
                                + "&dimension_key=event_type&dimension_value=cors_probe")))
                .header("X-API-Key", DASHBOARD.key())
                .timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (res.statusCode() == 503) {
            return 0;
        }
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        long count = 0;
        for (JsonNode row : Json.MAPPER.readTree(res.body()).path("rows")) {
            count += row.path("value").asLong();
        }
        return count;
    }
}
