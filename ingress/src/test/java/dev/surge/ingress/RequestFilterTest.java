package dev.surge.ingress;

import static dev.surge.ingress.RunningIngress.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RequestFilterTest {

    private static final String ORDER = "{\"user_id\":\"u-1\",\"item_id\":\"sku-1\",\"quantity\":1}";

    @RegisterExtension
    final IngressExtension server = new IngressExtension();

    @Test
    void drainingRefusesNewRequestsButFinishesTheOnesInside(RunningIngress ingress) throws Exception {
        ingress.publisher.hold();
        CompletableFuture<HttpResponse<String>> inside =
                CompletableFuture.supplyAsync(() -> ingress.send("POST", "/v1/orders", ORDER));
        ingress.publisher.awaitHeld();

        ingress.admission.beginDrain();
        HttpResponse<String> late = ingress.send("POST", "/v1/orders", ORDER);
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(json(late).path("error").asText()).isEqualTo("shutting_down");
        assertThat(late.headers().firstValue("Retry-After")).isPresent();
        assertThat(ingress.admission.awaitIdle(Duration.ofMillis(100))).isFalse();

        ingress.publisher.release();
        assertThat(inside.get().statusCode()).isEqualTo(202);
        assertThat(ingress.admission.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    @Test
    void everyAnswerCarriesACorrelationIdEvenARefusal(RunningIngress ingress) {
        HttpResponse<String> kept = ingress.send("POST", "/v1/orders", "{}", "X-Correlation-ID", "trace-7");
        assertThat(kept.headers().firstValue("X-Correlation-ID")).hasValue("trace-7");
        assertThat(json(kept).path("correlation_id").asText()).isEqualTo("trace-7");

        HttpResponse<String> replaced = ingress.send("POST", "/v1/orders", ORDER, "X-Correlation-ID", "a b<c>");
        assertThat(replaced.headers().firstValue("X-Correlation-ID")).hasValueSatisfying(
                id -> assertThat(id).matches("http:[0-9a-f-]{36}"));
        assertThat(ingress.publisher.published()).singleElement().satisfies(record ->
                assertThat(record.headers().get("correlation_id"))
                        .isEqualTo(replaced.headers().firstValue("X-Correlation-ID").orElseThrow()));
    }
}
