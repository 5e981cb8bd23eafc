package dev.surge.ingress;

import static dev.surge.ingress.RunningIngress.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotency-Key at the edge, over HTTP, with the in-process store. */
class IdempotencyGuardTest {

    private static final String ORDER = "{\"user_id\":\"u-1\",\"item_id\":\"sku-1\",\"quantity\":1}";

    @RegisterExtension
    final IngressExtension server = new IngressExtension();

    private HttpResponse<String> post(String body, String key) {
        return server.ingress().send("POST", "/v1/orders", body, "Idempotency-Key", key);
    }

    @Test
    void aRetryWithTheSameBodyGetsTheFirstAnswerAndPublishesNothing(RunningIngress ingress) {
        HttpResponse<String> first = post(ORDER, "k-1");
        // The same order written differently: spacing and field order are not a different body.
        HttpResponse<String> retry = post("{ \"quantity\": 1, \"item_id\": \"sku-1\", \"user_id\": \"u-1\" }", "k-1");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(retry).path("order_id").asText()).isEqualTo(json(first).path("order_id").asText());
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422(RunningIngress ingress) {
        post(ORDER, "k-2");
        HttpResponse<String> other = post(ORDER.replace("\"quantity\":1", "\"quantity\":2"), "k-2");

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).path("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    @Test
    void aRetryWhileTheFirstIsStillInFlightIs409WithRetryAfter(RunningIngress ingress) throws Exception {
        ingress.publisher.hold();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> post(ORDER, "k-3"));
        ingress.publisher.awaitHeld();

        HttpResponse<String> concurrent = post(ORDER, "k-3");
        assertThat(concurrent.statusCode()).isEqualTo(409);
        assertThat(concurrent.headers().firstValue("Retry-After")).isPresent();

        ingress.publisher.release();
        assertThat(first.get().statusCode()).isEqualTo(202);
        assertThat(post(ORDER, "k-3").headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    @Test
    void aFailedPublishReleasesTheKeySoTheRetrySucceeds(RunningIngress ingress) {
        ingress.publisher.mode(InMemoryPublisher.Mode.TIME_OUT);
        assertThat(post(ORDER, "k-4").statusCode()).isEqualTo(503);

        ingress.publisher.mode(InMemoryPublisher.Mode.ACKNOWLEDGE);
        HttpResponse<String> retry = post(ORDER, "k-4");
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    @Test
    void concurrentRequestsWithOneKeyPublishOnce(RunningIngress ingress) throws Exception {
        int clients = 24;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return post(ORDER, "k-5");
                }));
            }
            go.countDown();
            int fresh = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).isIn(202, 409);
                if (response.statusCode() == 202 && response.headers().firstValue("Idempotent-Replayed").isEmpty()) {
                    fresh++;
                }
            }
            assertThat(fresh).isEqualTo(1);
        }
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    @Test
    void keysAreScopedToTheApiKeyThatSentThem() {
        try (RunningIngress withKeys = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "0",
                "API_KEYS", ApiKeysFixture.ENTRIES))) {
            assertThat(withKeys.send("POST", "/v1/orders", ORDER, "Idempotency-Key", "same",
                    "X-API-Key", ApiKeysFixture.SHOP_A).statusCode()).isEqualTo(202);
            HttpResponse<String> other = withKeys.send("POST", "/v1/orders", ORDER, "Idempotency-Key", "same",
                    "X-API-Key", ApiKeysFixture.SHOP_B);
            assertThat(other.statusCode()).isEqualTo(202);
            assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(withKeys.publisher.published()).hasSize(2);
        }
    }
}
