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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shops on one Surge, each with its own key: neither can suppress, overwrite or read the
 * other's orders, whatever Idempotency-Key or reference it picks; support staff see every order.
 */
class TenantIsolationIT {

    private static final NewKey SHOP_A = ApiKeyGenerator.create("shop-a", Set.of(Scope.ORDERS, Scope.READ));
    private static final NewKey SHOP_B = ApiKeyGenerator.create("shop-b", Set.of(Scope.ORDERS, Scope.READ));
    private static final NewKey SUPPORT = ApiKeyGenerator.create("support", Set.of(Scope.READ, Scope.ALL_ORDERS));
    private static final NewKey WEB = ApiKeyGenerator.create("shop-web", Set.of(Scope.EVENTS));
    private static final NewKey OPS = ApiKeyGenerator.create("ops", Set.of(Scope.ADMIN, Scope.READ));
    private static final String ITEM = "tenant-sku";

    @TempDir
    static Path dir;
    static RunningSurge surge;

    @BeforeAll
    static void start() throws Exception {
        String keys = String.join(";", SHOP_A.configEntry(), SHOP_B.configEntry(), SUPPORT.configEntry(),
                WEB.configEntry(), OPS.configEntry());
        surge = new RunningSurge(dir, Map.of("API_KEYS", keys));
        HttpResponse<String> set = surge.send("PUT", "/v1/admin/inventory/" + ITEM, Map.of("stock", 10),
                "X-API-Key", OPS.key());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (read("/v1/inventory/" + ITEM, OPS).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        surge.close();
    }

    @Test
    void theSameIdempotencyKeyFromAnotherShopIsAnotherOrder() throws Exception {
        String a = place(SHOP_A, "Idempotency-Key", "checkout-1");
        String b = place(SHOP_B, "Idempotency-Key", "checkout-1");

        assertThat(b).isNotEqualTo(a);
        assertThat(result(a, SHOP_A).path("status").asText()).isEqualTo("RESERVED");
        // Before the key was scoped by its caller, this was DUPLICATE of shop-a's order.
        assertThat(result(b, SHOP_B).path("status").asText()).isEqualTo("RESERVED");
        // A retry of one's own is still one order.
        assertThat(place(SHOP_A, "Idempotency-Key", "checkout-1")).isEqualTo(a);
    }

    @Test
    void theSameReferenceFromAnotherShopIsAnotherOrder() throws Exception {
        String a = place(SHOP_A, Map.of("client_order_id", "ref-1"));
        String b = place(SHOP_B, Map.of("client_order_id", "ref-1"));

        assertThat(b).isNotEqualTo(a);
        assertThat(result(b, SHOP_B).path("status").asText()).isEqualTo("RESERVED");
        assertThat(result(a, SHOP_A).path("client_order_id").asText()).isEqualTo("ref-1");
    }

    @Test
    void anOrderIsVisibleToItsShopAndToSupportOnly() throws Exception {
        String a = place(SHOP_A);
        JsonNode own = result(a, SHOP_A);
        assertThat(own.path("placed_by").asText()).isEqualTo("shop-a");

        HttpResponse<String> other = read("/v1/orders/" + a, SHOP_B);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("shop-a");
        assertThat(read("/v1/orders/" + a, SUPPORT).statusCode()).isEqualTo(200);
        assertThat(read("/v1/trace/" + own.path("correlation_id").asText(), SHOP_B).statusCode()).isEqualTo(403);
        assertThat(read("/v1/trace/" + own.path("correlation_id").asText(), SUPPORT).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientCannotChooseTheOrderIdOrWhoPlacedIt() throws Exception {
        HttpResponse<String> chosen = surge.postJson("/v1/orders", order(Map.of("order_id", "kafka-0-1")),
                "X-API-Key", SHOP_B.key());
        HttpResponse<String> posing = surge.postJson("/v1/orders", order(Map.of("placed_by", "shop-a")),
                "X-API-Key", SHOP_B.key());

        assertThat(chosen.statusCode()).isEqualTo(400);
        assertThat(chosen.body()).contains("order_id");
        assertThat(posing.statusCode()).isEqualTo(400);
        assertThat(posing.body()).contains("placed_by");
    }

    @Test
    void anEventsKeyCannotPlaceOrders() throws Exception {
        HttpResponse<String> refused = surge.postJson("/v1/orders", order(Map.of()), "X-API-Key", WEB.key());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("'orders'");
    }

    private static String place(NewKey key, String... headers) throws Exception {
        return place(key, Map.of(), headers);
    }

    private static String place(NewKey key, Map<String, Object> extra, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "X-API-Key";
        all[1] = key.key();
        System.arraycopy(headers, 0, all, 2, headers.length);
        HttpResponse<String> accepted = surge.postJson("/v1/orders", order(extra), all);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).path("order_id").asText();
    }

    private static Map<String, Object> order(Map<String, Object> extra) {
        Map<String, Object> order = new HashMap<>(Map.of("user_id", "u-tenant", "item_id", ITEM,
                "quantity", 1));
        order.putAll(extra);
        return order;
    }

    private static JsonNode result(String orderId, NewKey key) throws Exception {
        HttpResponse<String> res = read("/v1/orders/" + orderId + "?wait=20s", key);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return Json.MAPPER.readTree(res.body());
    }

    private static HttpResponse<String> read(String path, NewKey key) throws Exception {
        return surge.http.send(HttpRequest.newBuilder(URI.create(surge.url(path)))
                .timeout(Duration.ofSeconds(40)).header("X-API-Key", key.key()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
