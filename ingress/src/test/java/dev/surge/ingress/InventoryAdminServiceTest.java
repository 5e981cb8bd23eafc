package dev.surge.ingress;

import static dev.surge.ingress.RunningIngress.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InventoryAdminServiceTest {

    @RegisterExtension
    static final IngressExtension server = new IngressExtension();

    @Test
    void setsStock(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("PUT", "/v1/admin/inventory/sku-9", "{\"stock\":100}",
                "X-Correlation-ID", "admin-1");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        String commandId = body.path("command_id").asText();
        assertThat(commandId).matches("[0-9a-f-]{36}");
        assertThat(body.path("item_id").asText()).isEqualTo("sku-9");
        assertThat(body.path("type").asText()).isEqualTo("SET");
        assertThat(body.path("quantity").asLong()).isEqualTo(100);
        assertThat(body.path("status").asText()).isEqualTo("QUEUED");
        assertThat(body.path("correlation_id").asText()).isEqualTo("admin-1");

        assertThat(commands(ingress)).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test.inventory-commands");
            assertThat(record.key()).isEqualTo("sku-9");
            JsonNode value = json(record.value());
            assertThat(value.path("command_id").asText()).isEqualTo(commandId);
            assertThat(value.path("item_id").asText()).isEqualTo("sku-9");
            assertThat(value.path("type").asText()).isEqualTo("SET");
            assertThat(value.path("quantity").asLong()).isEqualTo(100);
            assertThat(value.path("issued_at").asText()).isNotBlank();
            assertThat(record.headers()).containsEntry(KafkaHeaders.CORRELATION_ID, "admin-1");
        });
    }

    @Test
    void restocks(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":5}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("type").asText()).isEqualTo("RESTOCK");
        assertThat(json(response).path("quantity").asLong()).isEqualTo(5);
        assertThat(commands(ingress)).singleElement().satisfies(record ->
                assertThat(json(record.value()).path("type").asText()).isEqualTo("RESTOCK"));
    }

    @Test
    void namesTheBodyFieldsInErrors(RunningIngress ingress) {
        HttpResponse<String> negative = ingress.send("PUT", "/v1/admin/inventory/sku-9", "{\"stock\":-1}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative).path("details").findValuesAsText("field")).containsExactly("stock");

        HttpResponse<String> missing = ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"stock\":3}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).path("details").findValuesAsText("field")).containsExactly("delta", "stock");

        HttpResponse<String> notANumber = ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":\"5\"}");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(json(notANumber).path("details").findValuesAsText("field")).containsExactly("delta");

        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void refusesABadItemIdTogetherWithABadAmount(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("PUT", "/v1/admin/inventory/bad%20item!", "{\"stock\":-5}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_request");
        assertThat(json(response).path("details").findValuesAsText("field")).containsExactly("item_id", "stock");
        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void refusesBodiesThatAreNotAnObject(RunningIngress ingress) {
        assertThat(ingress.send("PUT", "/v1/admin/inventory/sku-9", "[1]").statusCode()).isEqualTo(400);
        HttpResponse<String> broken = ingress.send("PUT", "/v1/admin/inventory/sku-9", "{\"stock\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).path("error").asText()).isEqualTo("invalid_json");
        HttpResponse<String> empty = ingress.send("PUT", "/v1/admin/inventory/sku-9", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).path("error").asText()).isEqualTo("invalid_json");
    }

    @Test
    void answers503WhenTheCommandIsNotAcknowledged(RunningIngress ingress) {
        ingress.publisher.mode(InMemoryPublisher.Mode.TIME_OUT);

        HttpResponse<String> response = ingress.send("PUT", "/v1/admin/inventory/sku-9", "{\"stock\":1}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(response).path("error").asText()).isEqualTo("unavailable");
    }

    @Test
    void auditsACommandWithTheCallersKeyAndCorrelationId(RunningIngress ingress) {
        HttpResponse<String> response = ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":7}",
                "X-Correlation-ID", "admin-7", "Idempotency-Key", "restock-7");
        assertThat(response.statusCode()).isEqualTo(202);

        assertThat(audits(ingress)).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test.audit");
            assertThat(record.key()).isEqualTo("anonymous");
            assertThat(record.headers()).containsEntry(KafkaHeaders.CORRELATION_ID, "admin-7");
            AuditRecord audit = Json.MAPPER.readValue(record.value(), AuditRecord.class);
            assertThat(audit.who()).isEqualTo("anonymous");
            assertThat(audit.action()).isEqualTo(AuditRecord.Action.RESTOCK);
            assertThat(audit.target()).containsExactlyEntriesOf(Map.of("item_id", "sku-9"));
            assertThat(audit.details()).containsEntry("quantity", "7").containsEntry("idempotency_key", "restock-7")
                    .containsEntry("command_id", json(response).path("command_id").asText());
            assertThat(audit.correlationId()).isEqualTo("admin-7");
            assertThat(audit.outcome()).isEqualTo(AuditRecord.Outcome.DONE);
            assertThat(audit.at()).isNotNull();
        });
    }

    @Test
    void auditsNothingOnTheTopicWhenTheCommandIsNotAcknowledged(RunningIngress ingress) {
        ingress.publisher.mode(InMemoryPublisher.Mode.TIME_OUT);

        assertThat(ingress.send("PUT", "/v1/admin/inventory/sku-9", "{\"stock\":1}").statusCode()).isEqualTo(503);

        assertThat(ingress.publisher.published()).isEmpty();
    }

    @Test
    void aRetriedRestockWithTheSameKeyReplaysTheFirstAnswerAndPublishesOnce(RunningIngress ingress) {
        HttpResponse<String> first = ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":5}",
                "Idempotency-Key", "restock-once");
        // Same meaning, other spacing: still the same request.
        HttpResponse<String> retry = ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{ \"delta\" : 5 }",
                "Idempotency-Key", "restock-once");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(retry).path("command_id").asText()).isEqualTo(json(first).path("command_id").asText());
        assertThat(commands(ingress)).hasSize(1);
        assertThat(audits(ingress)).hasSize(1);
    }

    @Test
    void aKeyReusedForAnotherAmountOrItemIs422AndPublishesNothing(RunningIngress ingress) {
        assertThat(ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":5}",
                "Idempotency-Key", "restock-reused").statusCode()).isEqualTo(202);

        HttpResponse<String> otherAmount = ingress.send("POST", "/v1/admin/inventory/sku-9/restock",
                "{\"delta\":6}", "Idempotency-Key", "restock-reused");
        HttpResponse<String> otherItem = ingress.send("POST", "/v1/admin/inventory/sku-8/restock",
                "{\"delta\":5}", "Idempotency-Key", "restock-reused");

        assertThat(otherAmount.statusCode()).isEqualTo(422);
        assertThat(otherItem.statusCode()).isEqualTo(422);
        assertThat(commands(ingress)).hasSize(1);
    }

    @Test
    void aSetAndARestockDoNotShareAKey(RunningIngress ingress) {
        assertThat(ingress.send("PUT", "/v1/admin/inventory/sku-9", "{\"stock\":5}",
                "Idempotency-Key", "both").statusCode()).isEqualTo(202);
        assertThat(ingress.send("PUT", "/v1/admin/inventory/sku-9", "{\"stock\":5}",
                "Idempotency-Key", "both").headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":5}",
                "Idempotency-Key", "both").statusCode()).isEqualTo(202);

        assertThat(commands(ingress)).extracting(record -> json(record.value()).path("type").asText())
                .containsExactly("SET", "RESTOCK");
    }

    @Test
    void aRestockThatFailedCanBeRetriedWithTheSameKey(RunningIngress ingress) {
        ingress.publisher.mode(InMemoryPublisher.Mode.TIME_OUT);
        assertThat(ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":5}",
                "Idempotency-Key", "after-outage").statusCode()).isEqualTo(503);
        ingress.publisher.mode(InMemoryPublisher.Mode.ACKNOWLEDGE);

        HttpResponse<String> retry = ingress.send("POST", "/v1/admin/inventory/sku-9/restock", "{\"delta\":5}",
                "Idempotency-Key", "after-outage");

        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(commands(ingress)).hasSize(1);
    }

    private static List<InMemoryPublisher.Published> commands(RunningIngress ingress) {
        return ingress.publisher.published().stream().filter(r -> r.topic().equals("test.inventory-commands")).toList();
    }

    private static List<InMemoryPublisher.Published> audits(RunningIngress ingress) {
        return ingress.publisher.published().stream().filter(r -> r.topic().equals("test.audit")).toList();
    }
}
