package dev.surge.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.AuthSettings;
import dev.surge.config.IngressSettings;
import dev.surge.http.auth.ApiKeyFilter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadRateLimitTest {

    @Test
    void theOrderCommandsCountWithTheReadsAndOtherWritesDoNot() {
        IngressSettings.RateLimits limits = new IngressSettings.RateLimits(0, 100, 3, Duration.ofMinutes(1));
        try (ServedRoutes served = new ServedRoutes(routing -> routing
                .addFilter(new ApiKeyFilter(new AuthSettings(List.of(), List.of())))
                .addFilter(new ReadRateLimit(limits))
                .get("/v1/orders/{id}", (req, res) -> res.send("ok"))
                .post("/v1/orders/{id}/confirm", (req, res) -> res.send("ok"))
                .post("/v1/orders/{id}/cancel", (req, res) -> res.send("ok"))
                .post("/v1/orders", (req, res) -> res.send("ok")))) {
            assertThat(served.get("/v1/orders/o-1").statusCode()).isEqualTo(200);
            assertThat(served.post("/v1/orders/o-1/confirm").statusCode()).isEqualTo(200);
            assertThat(served.post("/v1/orders/o-1/cancel").statusCode()).isEqualTo(200);

            assertThat(served.post("/v1/orders/o-1/confirm").statusCode()).isEqualTo(429);
            // The ingress's write has its own limits (RateLimitGuard), not this one.
            assertThat(served.post("/v1/orders").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readsPastTheCallersBudgetAre429AndOtherPathsAreNotCounted() {
        IngressSettings.RateLimits limits = new IngressSettings.RateLimits(0, 100, 3, Duration.ofMinutes(1));
        try (ServedRoutes served = new ServedRoutes(routing -> routing
                .addFilter(new ApiKeyFilter(new AuthSettings(List.of(), List.of())))
                .addFilter(new ReadRateLimit(limits))
                .get("/v1/inventory/{item}", (req, res) -> res.send("ok"))
                .get("/health", (req, res) -> res.send("up")))) {
            for (int i = 0; i < 3; i++) {
                assertThat(served.get("/v1/inventory/sku-1").statusCode()).isEqualTo(200);
            }
            var refused = served.get("/v1/inventory/sku-1");

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertThat(served.get("/health").statusCode()).isEqualTo(200);
        }
    }
}
