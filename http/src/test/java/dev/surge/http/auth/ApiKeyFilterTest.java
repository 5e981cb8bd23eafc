package dev.surge.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import dev.surge.http.BodilessRequest;
import dev.surge.http.HttpErrors;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.schemas.Json;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The filter in front of real routes on a real server, as clients meet it. */
class ApiKeyFilterTest {

    private static final List<String> OPEN_PATHS = List.of("/health", "/metrics");
    private static final NewKey INGEST = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS));
    private static final NewKey READ = ApiKeyGenerator.create("dashboard", Set.of(Scope.READ));
    private static final NewKey ADMIN = ApiKeyGenerator.create("ops", EnumSet.of(Scope.ADMIN, Scope.READ));

    @Nested
    class WithoutKeysConfigured {

        private static Server server;

        @BeforeAll
        static void start() {
            server = new Server(new AuthSettings(List.of(), OPEN_PATHS));
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void everythingPassesAsAnonymous() {
            assertOk(server.send("GET", "/v1/orders/x"), "read anonymous");
            assertOk(server.send("POST", "/v1/orders"), "ingest anonymous");
            assertOk(server.send("PUT", "/v1/admin/inventory/x"), "admin anonymous");
            assertOk(server.send("GET", "/health"), "health anonymous");
        }

        @Test
        void aKeySentAnywayIsIgnored() {
            assertOk(server.send("GET", "/v1/orders/x", "X-API-Key", "whatever"), "read anonymous");
        }
    }

    @Nested
    class WithKeysConfigured {

        private static Server server;

        @BeforeAll
        static void start() {
            String setting = String.join(";", INGEST.configEntry(), READ.configEntry(), ADMIN.configEntry());
            server = new Server(new AuthSettings(ApiKeysSetting.parse(setting), OPEN_PATHS));
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void ingestKeyMayOnlyIngest() {
            assertOk(server.send("POST", "/v1/orders", "X-API-Key", INGEST.key()), "ingest shop-1");
            assertRefused(server.send("GET", "/v1/orders/x", "X-API-Key", INGEST.key()), 403, "forbidden",
                    INGEST.key());
            assertRefused(server.send("PUT", "/v1/admin/inventory/x", "X-API-Key", INGEST.key()), 403, "forbidden",
                    INGEST.key());
        }

        @Test
        void forbiddenNamesTheMissingScope() {
            HttpResponse<String> response = server.send("PUT", "/v1/admin/inventory/x", "X-API-Key", READ.key());

            assertThat(json(response).path("message").asText()).contains("'admin'");
        }

        @Test
        void readKeyReadsAndIsNamedByItsId() {
            assertOk(server.send("GET", "/v1/orders/x", "X-API-Key", READ.key()), "read dashboard");
            assertRefused(server.send("POST", "/v1/orders", "X-API-Key", READ.key()), 403, "forbidden", READ.key());
        }

        @Test
        void adminKeyAdministers() {
            assertOk(server.send("PUT", "/v1/admin/inventory/x", "X-API-Key", ADMIN.key()), "admin ops");
        }

        @Test
        void noKeyIsUnauthorizedWithAChallenge() {
            HttpResponse<String> response = server.send("POST", "/v1/orders", "X-Correlation-ID", "auth-1");

            assertRefused(response, 401, "unauthorized", "");
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"surge\"");
            assertThat(json(response).path("correlation_id").asText()).isEqualTo("auth-1");
        }

        @Test
        void invalidKeysAreUnauthorized() {
            String wrongSecret = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS)).key();
            String unknownId = ApiKeyGenerator.create("stranger", Set.of(Scope.ORDERS, Scope.EVENTS)).key();
            for (String bad : List.of(wrongSecret, unknownId, "not-a-key", INGEST.sha256Hex())) {
                assertRefused(server.send("POST", "/v1/orders", "X-API-Key", bad), 401, "unauthorized", bad);
                assertRefused(server.send("POST", "/v1/orders", "Authorization", "Bearer " + bad), 401,
                        "unauthorized", bad);
            }
        }

        @Test
        void bearerFormWorksWhateverTheSchemeCase() {
            assertOk(server.send("POST", "/v1/orders", "Authorization", "Bearer " + INGEST.key()), "ingest shop-1");
            assertOk(server.send("POST", "/v1/orders", "Authorization", "bearer " + INGEST.key()), "ingest shop-1");
            assertOk(server.send("POST", "/v1/orders", "Authorization", "BEARER  " + INGEST.key()), "ingest shop-1");
        }

        @Test
        void emptyBearerIsUnauthorized() {
            assertRefused(server.send("POST", "/v1/orders", "Authorization", "Bearer"), 401, "unauthorized", "");
        }

        @Test
        void otherAuthorizationSchemesAreNotKeys() {
            assertRefused(server.send("POST", "/v1/orders", "Authorization", "Basic " + INGEST.key()), 401,
                    "unauthorized", INGEST.key());
            assertOk(server.send("POST", "/v1/orders", "X-API-Key", INGEST.key(), "Authorization", "Basic dTpw"),
                    "ingest shop-1");
        }

        @Test
        void bothHeadersMustAgree() {
            assertOk(server.send("POST", "/v1/orders", "X-API-Key", INGEST.key(),
                    "Authorization", "Bearer " + INGEST.key()), "ingest shop-1");
            assertRefused(server.send("POST", "/v1/orders", "X-API-Key", INGEST.key(),
                    "Authorization", "Bearer " + ADMIN.key()), 401, "unauthorized", INGEST.key());
        }

        @Test
        void openPathsNeedNoKey() {
            assertOk(server.send("GET", "/health"), "health anonymous");
            assertOk(server.send("GET", "/health/ready"), "ready anonymous");
            assertOk(server.send("GET", "/metrics"), "metrics anonymous");
        }

        @Test
        void openPathsAreLabelledByAValidKeyAndIgnoreAnInvalidOne() {
            assertOk(server.send("GET", "/health", "X-API-Key", READ.key()), "health dashboard");
            assertOk(server.send("GET", "/health", "X-API-Key", "stale"), "health anonymous");
        }

        @Test
        void unknownPathsNeedAKeyBeforeTheyAre404() {
            assertRefused(server.send("GET", "/wp-login.php"), 401, "unauthorized", "");
            assertThat(server.send("GET", "/wp-login.php", "X-API-Key", INGEST.key()).statusCode()).isEqualTo(404);
        }

        @Test
        void dotSegmentsDoNotOpenAProtectedPath() {
            assertThat(server.send("GET", "/health/../v1/orders/x").statusCode()).isEqualTo(401);
            assertThat(server.send("GET", "/health/%2e%2e/v1/orders/x").statusCode()).isEqualTo(401);
            assertThat(server.send("PUT", "/v1//admin/inventory/x", "X-API-Key", INGEST.key()).statusCode())
                    .isEqualTo(403);
        }
    }

    /** Instances forward reads to each other with INTERNAL_TOKEN instead of the caller's key. */
    @Nested
    class WithAnInternalToken {

        private static final String TOKEN = "t".repeat(40);
        private static Server server;

        @BeforeAll
        static void start() {
            // The one write peers may forward here: POST /v1/orders/{id}/confirm, as its owner decides it.
            server = new Server(new AuthSettings(ApiKeysSetting.parse(READ.configEntry()), OPEN_PATHS,
                    Optional.of(TOKEN)),
                    (method, path) -> method == Method.POST && path.matches("/v1/orders/[^/]+/confirm"));
        }

        @AfterAll
        static void stop() {
            server.close();
        }

        @Test
        void theTokenReadsAsTheInternalPrincipal() {
            assertOk(server.send("GET", "/v1/orders/x", "X-Surge-Internal-Token", TOKEN), "read internal");
        }

        @Test
        void theTokenNeverWrites() {
            assertRefused(server.send("POST", "/v1/orders", "X-Surge-Internal-Token", TOKEN), 403, "forbidden", TOKEN);
            assertRefused(server.send("PUT", "/v1/admin/inventory/x", "X-Surge-Internal-Token", TOKEN), 403,
                    "forbidden", TOKEN);
        }

        @Test
        void theTokenForwardsTheWritesAnOwnerDecidesAndNoOther() {
            assertOk(server.send("POST", "/v1/orders/x/confirm", "X-Surge-Internal-Token", TOKEN), "command internal");
            assertRefused(server.send("POST", "/v1/orders/x/confirm", "X-Surge-Internal-Token", TOKEN + "x"), 401,
                    "unauthorized", TOKEN);
            // Spelt like the forwardable write, it stands for POST /v1/orders/x: judged by what it stands for.
            assertRefused(server.send("POST", "/v1/orders/x/confirm/%2e%2e", "X-Surge-Internal-Token", TOKEN), 403,
                    "forbidden", TOKEN);
            // A key with the read scope alone still may not: the token is no key's stand-in.
            assertRefused(server.send("POST", "/v1/orders/x/confirm", "X-API-Key", READ.key()), 403, "forbidden",
                    READ.key());
        }

        @Test
        void aWrongTokenIsNoCredentialAtAll() {
            assertRefused(server.send("GET", "/v1/orders/x", "X-Surge-Internal-Token", TOKEN + "x"), 401,
                    "unauthorized", TOKEN);
        }
    }

    private static void assertOk(HttpResponse<String> response, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error, String presented) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("error").asText()).isEqualTo(error);
        if (!presented.isEmpty()) {
            assertThat(response.body()).doesNotContain(presented);
            assertThat(response.headers().map().toString()).doesNotContain(presented);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** Trivial routes that answer with what they are and who asked, behind the filter. */
    private static final class Server implements AutoCloseable {

        private final WebServer server;
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        Server(AuthSettings auth) {
            this(auth, (method, path) -> false);
        }

        Server(AuthSettings auth, BiPredicate<Method, String> peerWrites) {
            server = WebServer.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .routing(routing -> routing
                            .addFilter(new ApiKeyFilter(auth, peerWrites))
                            .get("/v1/orders/{id}", (req, res) -> echo(req, res, "read"))
                            .post("/v1/orders", (req, res) -> echo(req, res, "ingest"))
                            .post("/v1/orders/{id}/confirm", (req, res) -> echo(req, res, "command"))
                            .put("/v1/admin/inventory/{item}", (req, res) -> echo(req, res, "admin"))
                            .get("/health", (req, res) -> echo(req, res, "health"))
                            .get("/health/ready", (req, res) -> echo(req, res, "ready"))
                            .get("/metrics", (req, res) -> echo(req, res, "metrics"))
                            .error(Exception.class, HttpErrors::uncaught))
                    .build()
                    .start();
        }

        private static void echo(ServerRequest request, ServerResponse response, String route) {
            response.send(route + " " + Principal.of(request).keyId());
        }

        /** Headers come in name, value pairs. */
        HttpResponse<String> send(String method, String path, String... headers) {
            return BodilessRequest.send(client, server.port(), method, path, headers);
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
