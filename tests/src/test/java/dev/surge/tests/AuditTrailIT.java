package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's audit trail on a real Surge and broker: stock set and restocked with an admin
 * key come back from the audit topic with that key's id and each request's correlation id, and a
 * restock retried with its Idempotency-Key adds its units once.
 */
class AuditTrailIT {

    private static final ApiKeyGenerator.NewKey OPS = ApiKeyGenerator.create("ops-admin", Set.of(Scope.ADMIN,
            Scope.READ));
    private static final String ITEM = "audit-item";

    @TempDir
    static Path dir;

    static RunningSurge surge;

    @BeforeAll
    static void start() throws Exception {
        surge = new RunningSurge(dir, Map.of("API_KEYS", OPS.configEntry()));
    }

    @AfterAll
    static void stop() {
        if (surge != null) {
            surge.close();
        }
    }

    @Test
    void stockChangesAreAuditedWithTheKeyIdAndARetriedRestockAddsOnce() throws Exception {
        assertThat(admin("PUT", "/v1/admin/inventory/" + ITEM, "{\"stock\":10}", "audit-set-1").statusCode())
                .isEqualTo(202);
        HttpResponse<String> restock = admin("POST", "/v1/admin/inventory/" + ITEM + "/restock", "{\"delta\":5}",
                "audit-restock-1", "Idempotency-Key", "restock-2026-11-21");
        // The answer was lost on the way: the client sends the same request again.
        HttpResponse<String> retry = admin("POST", "/v1/admin/inventory/" + ITEM + "/restock", "{\"delta\":5}",
                "audit-restock-2", "Idempotency-Key", "restock-2026-11-21");

        assertThat(restock.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.body()).isEqualTo(restock.body());

        awaitAvailable(15);
        // A second RESTOCK would arrive within a commit interval; give it several.
        Thread.sleep(3_000);
        assertThat(available()).as("units after a retried restock").isEqualTo(15);

        List<ConsumerRecord<byte[], byte[]>> records = Topics.readCommitted(surge.node.bootstrapServers(), "audit", 2,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(2);
        List<AuditRecord> audits = Topics.auditRecords(surge.node.bootstrapServers(), 2, Duration.ofSeconds(30));
        assertThat(audits).allSatisfy(audit -> {
            assertThat(audit.who()).isEqualTo("ops-admin");
            assertThat(audit.target()).isEqualTo(Map.of("item_id", ITEM));
            assertThat(audit.outcome()).isEqualTo(AuditRecord.Outcome.DONE);
        });
        assertThat(audits).filteredOn(a -> a.action() == AuditRecord.Action.STOCK_SET).singleElement()
                .satisfies(set -> {
                    assertThat(set.correlationId()).isEqualTo("audit-set-1");
                    assertThat(set.details()).containsEntry("quantity", "10");
                });
        assertThat(audits).filteredOn(a -> a.action() == AuditRecord.Action.RESTOCK).singleElement()
                .satisfies(added -> {
                    assertThat(added.correlationId()).isEqualTo("audit-restock-1");
                    assertThat(added.details()).containsEntry("quantity", "5")
                            .containsEntry("idempotency_key", "restock-2026-11-21")
                            .containsEntry("command_id", Json.MAPPER.readTree(restock.body()).path("command_id").asText());
                });
        assertThat(records).allSatisfy(r -> {
            assertThat(new String(r.key())).isEqualTo("ops-admin");
            assertThat(KafkaHeaders.text(r.headers(), KafkaHeaders.CORRELATION_ID)).startsWith("audit-");
        });
    }

    private static HttpResponse<String> admin(String method, String path, String body, String correlationId,
                                              String... headers) throws Exception {
        String[] all = new String[headers.length + 4];
        all[0] = "X-API-Key";
        all[1] = OPS.key();
        all[2] = "X-Correlation-ID";
        all[3] = correlationId;
        System.arraycopy(headers, 0, all, 4, headers.length);
        return surge.send(method, path, body, all);
    }

    private static long available() throws Exception {
        HttpResponse<String> res = surge.send("GET", "/v1/inventory/" + ITEM, "", "X-API-Key", OPS.key());
        return res.statusCode() == 200 ? Json.MAPPER.readValue(res.body(), InventoryLevel.class).available() : -1;
    }

    private static void awaitAvailable(long units) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (available() != units) {
            assertThat(System.nanoTime()).as("available never became " + units).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
