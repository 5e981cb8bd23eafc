package dev.surge.ingress;

import static dev.surge.ingress.RunningIngress.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits over HTTP: which identity counts, the headers, the 429. */
class RateLimitGuardTest {

    private static String order(String user) {
        return "{\"user_id\":\"" + user + "\",\"item_id\":\"sku-1\",\"quantity\":1}";
    }

    @Test
    void perUserLimitAnswers429WithRetryAfterAndRateLimitHeaders() {
        try (RunningIngress ingress = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "3",
                "RATE_LIMIT_WINDOW", "1m", "RATE_LIMIT_IP_MAX_REQUESTS", "0"))) {
            for (int remaining = 2; remaining >= 0; remaining--) {
                HttpResponse<String> ok = ingress.send("POST", "/v1/orders", order("u-1"));
                assertThat(ok.statusCode()).isEqualTo(202);
                assertThat(ok.headers().firstValue("RateLimit-Limit")).hasValue("3");
                assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(remaining));
                assertThat(ok.headers().firstValue("RateLimit-Reset")).isPresent();
            }
            HttpResponse<String> refused = ingress.send("POST", "/v1/orders", order("u-1"));

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(json(refused).path("error").asText()).isEqualTo("rate_limited");
            // One request per 20 s comes back: the wait is at most that, and at least a second.
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
            assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertThat(Long.parseLong(refused.headers().firstValue("RateLimit-Reset").orElseThrow())).isBetween(40L, 60L);
            assertThat(ingress.publisher.published()).hasSize(3);

            // Another user is counted apart.
            assertThat(ingress.send("POST", "/v1/orders", order("u-2")).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void withoutAKeyTheClientAddressIsLimited() {
        try (RunningIngress ingress = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "2"))) {
            assertThat(ingress.send("POST", "/v1/orders", order("u-1")).statusCode()).isEqualTo(202);
            assertThat(ingress.send("POST", "/v1/orders", order("u-2")).statusCode()).isEqualTo(202);
            assertThat(ingress.send("POST", "/v1/orders", order("u-3")).statusCode()).isEqualTo(429);
            // Admin commands come from the same address and count against it too.
            assertThat(ingress.send("PUT", "/v1/admin/inventory/sku-1", "{\"stock\":5}").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void withAKeyEachKeyIsLimitedOnItsOwnInsteadOfTheAddress() {
        try (RunningIngress ingress = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "1", "RATE_LIMIT_API_KEY_MAX_REQUESTS", "2",
                "API_KEYS", ApiKeysFixture.ENTRIES))) {
            for (String key : new String[] {ApiKeysFixture.SHOP_A, ApiKeysFixture.SHOP_B}) {
                assertThat(ingress.send("POST", "/v1/orders", order("u-1"), "X-API-Key", key).statusCode()).isEqualTo(202);
                assertThat(ingress.send("POST", "/v1/orders", order("u-2"), "X-API-Key", key).statusCode()).isEqualTo(202);
                assertThat(ingress.send("POST", "/v1/orders", order("u-3"), "X-API-Key", key).statusCode()).isEqualTo(429);
            }
        }
    }

    @Test
    void malformedRequestsSpendTheCallersLimitButNoUsers() {
        try (RunningIngress ingress = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "1",
                "RATE_LIMIT_IP_MAX_REQUESTS", "0"))) {
            assertThat(ingress.send("POST", "/v1/orders", "{\"user_id\":\"u-1\"}").statusCode()).isEqualTo(400);
            assertThat(ingress.send("POST", "/v1/orders", order("u-1")).statusCode()).isEqualTo(202);
        }
        try (RunningIngress ingress = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "2"))) {
            assertThat(ingress.send("POST", "/v1/orders", "not json").statusCode()).isEqualTo(400);
            assertThat(ingress.send("POST", "/v1/orders", "{\"user_id\":\"u-1\"}").statusCode()).isEqualTo(400);
            HttpResponse<String> third = ingress.send("POST", "/v1/orders", order("u-1"));
            assertThat(third.statusCode()).as("junk costs its sender like anything else").isEqualTo(429);
        }
    }
}
