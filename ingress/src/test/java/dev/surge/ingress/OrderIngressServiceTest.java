package dev.surge.ingress;

import static dev.surge.ingress.RunningIngress.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.http.Sha256;
import dev.surge.schemas.KafkaHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderIngressServiceTest {

    @RegisterExtension
    static final IngressExtension server = new IngressExtension();

    @Test
    void queuesAnOrderAndAnswers202OnlyWithTheRecordPublished(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                "{\"client_order_id\":\"o-1\",\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":2}",
                "X-Correlation-ID", "trace-42", "Idempotency-Key", "retry key #1");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        String orderId = body.path("order_id").asText();
        assertThat(orderId).matches("[0-9a-f-]{36}");
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/orders/" + orderId);
        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("trace-42");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(body.path("status").asText()).isEqualTo("QUEUED");
        assertThat(body.path("correlation_id").asText()).isEqualTo("trace-42");

        assertThat(ingress.publisher.published()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test.orders");
            assertThat(record.key()).isEqualTo("sku-9");
            JsonNode value = json(record.value());
            assertThat(value.path("order_id").asText()).isEqualTo(orderId);
            assertThat(value.path("client_order_id").asText()).isEqualTo("o-1");
            assertThat(value.path("placed_by").asText()).isEqualTo("anonymous");
            assertThat(value.path("user_id").asText()).isEqualTo("u-1");
            assertThat(value.path("item_id").asText()).isEqualTo("sku-9");
            assertThat(value.path("quantity").asInt()).isEqualTo(2);
            // The key travels scoped by the caller and hashed, never as the client wrote it.
            assertThat(record.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    KafkaHeaders.CORRELATION_ID, "trace-42",
                    KafkaHeaders.IDEMPOTENCY_KEY, "anonymous:" + Sha256.hex(Sha256.of("retry key #1"))));
        });
    }

    @Test
    void theFieldsSurgeWritesAreRefused(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                "{\"order_id\":\"o-1\",\"placed_by\":\"shop-b\",\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":2}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("details").findValuesAsText("field")).containsExactly("order_id", "placed_by");
        assertThat(json(response).path("details").get(0).path("message").asText()).contains("client_order_id");
    }

    @Test
    void aClientOrderIdWithoutIdempotencyKeyIsOneOrderHoweverOftenSent(RunningIngress ingress) {
        String order = "{\"client_order_id\":\"ref-77\",\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}";
        HttpResponse<String> first = ingress.send("POST", "/v1/orders", order);
        HttpResponse<String> again = ingress.send("POST", "/v1/orders", order);
        HttpResponse<String> changed = ingress.send("POST", "/v1/orders", order.replace("\"quantity\":1", "\"quantity\":3"));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).path("order_id").asText()).isEqualTo(json(first).path("order_id").asText());
        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(ingress.publisher.published()).singleElement().satisfies(record -> assertThat(
                record.headers().get(KafkaHeaders.IDEMPOTENCY_KEY)).startsWith("anonymous:"));
    }

    @Test
    void twoKeysWithTheSameIdempotencyKeyPlaceTwoOrdersTheTopologyTellsApart() {
        try (RunningIngress ingress = new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "0",
                "RATE_LIMIT_IP_MAX_REQUESTS", "0", "API_KEYS", ApiKeysFixture.ENTRIES))) {
            String order = "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}";
            for (String key : List.of(ApiKeysFixture.SHOP_A, ApiKeysFixture.SHOP_B)) {
                assertThat(ingress.send("POST", "/v1/orders", order, "X-API-Key", key, "Idempotency-Key", "k-1")
                        .statusCode()).isEqualTo(202);
            }

            assertThat(ingress.publisher.published()).extracting(record -> json(record.value()).path("placed_by")
                    .asText()).containsExactly("shop-a", "shop-b");
            assertThat(ingress.publisher.published()).extracting(record -> record.headers()
                    .get(KafkaHeaders.IDEMPOTENCY_KEY)).doesNotHaveDuplicates()
                    .allSatisfy(scoped -> assertThat(scoped).doesNotContain("k-1"));
        }
    }

    @Test
    void countsEveryOrderUnderTheOneOutcomeItHad(RunningIngress ingress) {
        double received = count("gateway.orders.received");
        double successful = count("gateway.orders.successful");
        double invalid = count("gateway.orders.validation.failed");
        double idempotency = count("gateway.orders.idempotency.rejected");
        String order = "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}";

        assertThat(ingress.send("POST", "/v1/orders", order, "Idempotency-Key", "count-1").statusCode()).isEqualTo(202);
        assertThat(ingress.send("POST", "/v1/orders", order, "Idempotency-Key", "count-1").statusCode()).isEqualTo(202);
        assertThat(ingress.send("POST", "/v1/orders", "{\"user_id\":\"u-1\"}").statusCode()).isEqualTo(400);
        assertThat(ingress.send("POST", "/v1/orders", order.replace("1}", "2}"), "Idempotency-Key", "count-1")
                .statusCode()).isEqualTo(422);

        assertThat(count("gateway.orders.received") - received).isEqualTo(4);
        assertThat(count("gateway.orders.successful") - successful).isEqualTo(1);
        assertThat(count("gateway.orders.validation.failed") - invalid).isEqualTo(1);
        assertThat(count("gateway.orders.idempotency.rejected") - idempotency).isEqualTo(2);
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    private static double count(String counter) {
        return server.ingress().metrics.registry().get(counter).counter().count();
    }

    @Test
    void generatesTheOrderIdAndCorrelationIdWhenAbsent(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}");

        assertThat(response.statusCode()).isEqualTo(202);
        String orderId = json(response).path("order_id").asText();
        assertThat(orderId).matches("[0-9a-f-]{36}");
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/orders/" + orderId);
        String correlationId = response.headers().firstValue("X-Correlation-ID").orElseThrow();
        assertThat(correlationId).startsWith("http:");
        assertThat(json(response).path("correlation_id").asText()).isEqualTo(correlationId);

        assertThat(ingress.publisher.published()).singleElement().satisfies(record -> {
            assertThat(json(record.value()).path("order_id").asText()).isEqualTo(orderId);
            assertThat(record.headers()).containsOnlyKeys(KafkaHeaders.CORRELATION_ID);
            assertThat(record.headers().get(KafkaHeaders.CORRELATION_ID)).isEqualTo(correlationId);
        });
    }

    @Test
    void replacesACorrelationIdThatIsNotAPlainToken(RunningIngress ingress) {
        for (String insane : List.of("has spaces", "x".repeat(129), "semi;colon", "")) {
            HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                    "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}", "X-Correlation-ID", insane);

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.headers().firstValue("X-Correlation-ID"))
                    .hasValueSatisfying(id -> assertThat(id).startsWith("http:"));
        }
    }

    @Test
    void listsEveryFailingFieldInOneAnswer(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                "{\"item_id\":\"bad item!\",\"quantity\":0,\"coupon\":\"FREE\"}", "X-Correlation-ID", "c-1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("c-1");
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("invalid_request");
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("correlation_id").asText()).isEqualTo("c-1");
        assertThat(body.path("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("coupon", "item_id", "quantity", "user_id");
        assertThat(body.path("details").findValuesAsText("message")).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void refusesBodiesThatAreNotAnOrderObject(RunningIngress ingress) {
        assertRefused("{\"user_id\":\"u-1\",", "invalid_json");
        assertRefused("", "invalid_json");
        assertRefused("[{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}]", "invalid_request");
        assertRefused("{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":11}", "invalid_request");
        assertRefused("{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1,\"quantity\":9}", "invalid_json");
        assertThat(ingress.publisher.published()).isEmpty();
    }

    private static void assertRefused(String body, String error) {
        HttpResponse<String> response = server.ingress().send("POST", "/v1/orders", body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(json(response).path("error").asText()).as(body).isEqualTo(error);
        assertThat(json(response).path("details").size()).as(body).isPositive();
    }

    @Test
    void refusesACompressedOrderWith415(RunningIngress ingress) {
        for (String coding : List.of("gzip", "br")) {
            HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                    "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}", "Content-Encoding", coding);

            assertThat(response.statusCode()).as(coding).isEqualTo(415);
            assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("identity");
            assertThat(json(response).path("error").asText()).isEqualTo("unsupported_media_type");
        }
        HttpResponse<String> identity = ingress.send("POST", "/v1/orders",
                "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}", "Content-Encoding", "identity");
        assertThat(identity.statusCode()).isEqualTo(202);
        assertThat(ingress.publisher.published()).hasSize(1);
    }

    @Test
    void refusesABadIdempotencyKey(RunningIngress ingress) {
        for (String key : List.of("k".repeat(256), "tab\there")) {
            HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                    "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}", "Idempotency-Key", key);

            assertThat(response.statusCode()).as(key).isEqualTo(400);
            assertThat(json(response).path("details").findValuesAsText("field")).containsExactly("Idempotency-Key");
        }
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void answers503WithRetryAfterWhenTheBrokerDoesNotAcknowledge(RunningIngress ingress) {
        ingress.publisher.mode(InMemoryPublisher.Mode.TIME_OUT);

        HttpResponse<String> response = ingress.send("POST", "/v1/orders",
                "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":1}", "X-Correlation-ID", "c-503");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(json(response).path("error").asText()).isEqualTo("unavailable");
        assertThat(json(response).path("correlation_id").asText()).isEqualTo("c-503");
    }
}
