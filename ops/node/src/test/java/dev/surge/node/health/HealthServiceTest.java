package dev.surge.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.Admission;
import dev.surge.http.auth.ApiKeyFilter;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.node.ServedRoutes;
import dev.surge.schemas.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who sees the components' details: the management port always, the API port only an admin key (or a local run). */
class HealthServiceTest {

    private static final NewKey READ = ApiKeyGenerator.create("dashboard", Set.of(Scope.READ));
    private static final NewKey ADMIN = ApiKeyGenerator.create("ops", Set.of(Scope.ADMIN));

    private static final HealthCheck FAILING_OPEN = new HealthCheck() {
        @Override
        public String name() {
            return "redis";
        }

        @Override
        public Health check() {
            return Health.degraded("no answer to PING; failing open (no rate limits, no edge idempotency)");
        }

        @Override
        public boolean required() {
            return false;
        }
    };

    private static AuthSettings withKeys() {
        return new AuthSettings(ApiKeysSetting.parse(READ.configEntry() + ";" + ADMIN.configEntry()),
                List.of("/health"));
    }

    private static Admission started() {
        Admission admission = new Admission();
        admission.markStarted();
        return admission;
    }

    private static ServedRoutes apiPort(AuthSettings auth, boolean managementPort) {
        return new ServedRoutes(routing -> routing.addFilter(new ApiKeyFilter(auth))
                .register(HealthService.onApiPort(List.of(FAILING_OPEN), started(), auth, managementPort)));
    }

    @Test
    void onTheApiPortAnAnonymousCallerOrAReadKeyGetsTheStatusAlone() throws Exception {
        try (ServedRoutes api = apiPort(withKeys(), false)) {
            for (String path : List.of("/health", "/health/ready")) {
                assertStatusOnly(api.get(path), path);
                assertStatusOnly(api.get(path, "X-API-Key", READ.key()), path + " with a read key");
            }
        }
    }

    @Test
    void onTheApiPortAnAdminKeySeesTheDetails() throws Exception {
        try (ServedRoutes api = apiPort(withKeys(), true)) {
            assertDetails(api.get("/health", "X-API-Key", ADMIN.key()));
        }
    }

    @Test
    void withoutKeysALocalRunSeesTheDetailsUnlessAManagementPortServesThem() throws Exception {
        AuthSettings noKeys = new AuthSettings(List.of(), List.of("/health"));
        try (ServedRoutes local = apiPort(noKeys, false)) {
            assertDetails(local.get("/health"));
        }
        try (ServedRoutes api = apiPort(noKeys, true)) {
            assertStatusOnly(api.get("/health"), "/health");
        }
    }

    @Test
    void theManagementPortShowsTheDetailsToEveryCaller() throws Exception {
        try (ServedRoutes management = new ServedRoutes(routing ->
                routing.register(HealthService.withDetails(List.of(FAILING_OPEN), started())))) {
            assertDetails(management.get("/health"));
            assertDetails(management.get("/health/ready"));
        }
    }

    private static void assertStatusOnly(HttpResponse<String> response, String what) throws Exception {
        assertThat(response.statusCode()).as(what).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("status").asText()).as(what).isEqualTo("DEGRADED");
        assertThat(body.has("components")).as(what + ": " + response.body()).isFalse();
        assertThat(response.body()).doesNotContain("failing open");
    }

    private static void assertDetails(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode redis = Json.MAPPER.readTree(response.body()).path("components").path("redis");
        assertThat(redis.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(redis.path("detail").asText()).contains("failing open");
    }
}
