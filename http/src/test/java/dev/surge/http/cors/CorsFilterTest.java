package dev.surge.http.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import dev.surge.config.CorsSettings;
import dev.surge.http.BodilessRequest;
import dev.surge.http.HttpErrors;
import dev.surge.http.auth.ApiKeyFilter;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.auth.ApiKeyGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter between the request filter's place and the key check, on a real server, as browsers meet it. */
class CorsFilterTest {

    private static final String SHOP = "https://shop.example";
    private static final String OTHER = "https://elsewhere.example";
    private static final NewKey INGEST = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.EVENTS));
    private static final CrossOriginRoute EVENTS = new CrossOriginRoute("/v1/events", Method.POST,
            List.of(HeaderNames.create("Idempotency-Key")), List.of(HeaderNames.create("RateLimit-Remaining")));

    private static WebServer server;
    private static WebServer sameOriginOnly;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = start(CorsSettings.parse(SHOP));
        sameOriginOnly = start(CorsSettings.NONE);
    }

    private static WebServer start(CorsSettings cors) {
        AuthSettings auth = new AuthSettings(ApiKeysSetting.parse(INGEST.configEntry()), List.of("/health"));
        return WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing
                        .addFilter(new CorsFilter(cors, List.of(EVENTS)))
                        .addFilter(new ApiKeyFilter(auth))
                        .post("/v1/events", (req, res) -> res.status(202).send("events"))
                        .any("/v1/events", HttpErrors.methodNotAllowed(Method.POST))
                        .post("/v1/orders", (req, res) -> res.status(202).send("orders"))
                        .get("/health", (req, res) -> res.send("up"))
                        .error(Exception.class, HttpErrors::uncaught))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        sameOriginOnly.stop();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutAKey() {
        HttpResponse<String> preflight = send(server, "OPTIONS", "/v1/events", "Origin", SHOP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-api-key");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(header(preflight, "Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(header(preflight, "Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(header(preflight, "Access-Control-Allow-Headers"))
                .isEqualTo("content-type, x-api-key, authorization, x-correlation-id, idempotency-key");
        assertThat(header(preflight, "Access-Control-Max-Age")).isEqualTo("600");
        assertThat(header(preflight, "Vary")).isEqualTo("Origin");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void theRequestThatFollowsStillNeedsItsKeyAndMayReadTheAnswerEitherWay() {
        HttpResponse<String> accepted = send(server, "POST", "/v1/events", "Origin", SHOP, "X-API-Key", INGEST.key());
        HttpResponse<String> refused = send(server, "POST", "/v1/events", "Origin", SHOP);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo("events");
        assertThat(header(accepted, "Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(header(accepted, "Access-Control-Expose-Headers"))
                .isEqualTo("x-correlation-id, retry-after, ratelimit-remaining");
        assertThat(header(accepted, "Vary")).isEqualTo("Origin");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(header(refused, "Access-Control-Allow-Origin")).isEqualTo(SHOP);
    }

    @Test
    void anotherOriginGetsNoCorsHeaderAndItsPreflightMeetsTheKeyCheck() {
        HttpResponse<String> preflight = send(server, "OPTIONS", "/v1/events", "Origin", OTHER,
                "Access-Control-Request-Method", "POST");
        HttpResponse<String> post = send(server, "POST", "/v1/events", "Origin", OTHER, "X-API-Key", INGEST.key());

        assertThat(preflight.statusCode()).isEqualTo(401);
        assertNoCorsHeaders(preflight);
        assertThat(header(preflight, "Vary")).isEqualTo("Origin");
        // Not a browser's request (a browser would have stopped at the preflight): served, but not opened to a page.
        assertThat(post.statusCode()).isEqualTo(202);
        assertNoCorsHeaders(post);
    }

    @Test
    void anOriginDifferingOnlyInSchemeOrPortIsAnotherOrigin() {
        for (String near : List.of("http://shop.example", "https://shop.example:8443", "https://shop.example.evil",
                "null")) {
            HttpResponse<String> preflight = send(server, "OPTIONS", "/v1/events", "Origin", near,
                    "Access-Control-Request-Method", "POST");
            assertThat(preflight.statusCode()).as(near).isEqualTo(401);
            assertNoCorsHeaders(preflight);
        }
    }

    @Test
    void withoutAnOriginNothingChangesButTheVary() {
        HttpResponse<String> post = send(server, "POST", "/v1/events", "X-API-Key", INGEST.key());

        assertThat(post.statusCode()).isEqualTo(202);
        assertNoCorsHeaders(post);
        assertThat(header(post, "Vary")).isEqualTo("Origin");
    }

    @Test
    void everyOtherRouteStaysSameOriginEvenForAnAllowedOrigin() {
        HttpResponse<String> preflight = send(server, "OPTIONS", "/v1/orders", "Origin", SHOP,
                "Access-Control-Request-Method", "POST");
        HttpResponse<String> post = send(server, "POST", "/v1/orders", "Origin", SHOP, "X-API-Key", INGEST.key());
        HttpResponse<String> health = send(server, "GET", "/health", "Origin", SHOP);

        assertThat(preflight.statusCode()).isEqualTo(401);
        assertNoCorsHeaders(preflight);
        assertThat(post.statusCode()).isEqualTo(202);
        assertNoCorsHeaders(post);
        assertThat(health.statusCode()).isEqualTo(200);
        assertNoCorsHeaders(health);
        assertThat(post.headers().firstValue("Vary")).isEmpty();
    }

    @Test
    void anOptionsRequestThatIsNoPreflightOpensNothing() {
        HttpResponse<String> options = send(server, "OPTIONS", "/v1/events", "Origin", SHOP);

        assertThat(options.statusCode()).isEqualTo(401);
        assertThat(options.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    }

    @Test
    void withNoOriginsConfiguredEveryRouteIsSameOrigin() {
        HttpResponse<String> preflight = send(sameOriginOnly, "OPTIONS", "/v1/events", "Origin", SHOP,
                "Access-Control-Request-Method", "POST");

        assertThat(preflight.statusCode()).isEqualTo(401);
        assertNoCorsHeaders(preflight);
        assertThat(preflight.headers().firstValue("Vary")).isEmpty();
    }

    @Test
    void aWildcardNeverBecomesAnAllowedOrigin() {
        assertThatThrownBy(() -> CorsSettings.parse("*")).hasMessageContaining("wildcards are not allowed");
        HttpResponse<String> preflight = send(server, "OPTIONS", "/v1/events", "Origin", "*",
                "Access-Control-Request-Method", "POST");
        assertNoCorsHeaders(preflight);
    }

    private static void assertNoCorsHeaders(HttpResponse<String> response) {
        assertThat(response.headers().map().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Headers come in name, value pairs. */
    private HttpResponse<String> send(WebServer target, String method, String path, String... headers) {
        return BodilessRequest.send(client, target.port(), method, path, headers);
    }
}
