package dev.surge.query;

import static dev.surge.query.LocalHttp.unusedPort;
import static dev.surge.query.LocalHttp.uri;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.config.AuthSettings;
import dev.surge.http.HttpErrors;
import dev.surge.http.Sha256;
import dev.surge.http.auth.ApiKeyFilter;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.http.client.Peers;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/orders/{id}/confirm and /cancel on real Helidon servers, API keys on: the owner of the
 * orders (a fake store, and a fake topology that confirms and cancels what it is sent) and an
 * instance that owns none and sends each request on to it.
 */
class OrderCommandServiceTest {

    private static final String TOKEN = "internal-".repeat(5);
    private static final NewKey SHOP = ApiKeyGenerator.create("shop-1", Set.of(Scope.ORDERS, Scope.READ));
    private static final NewKey OTHER_SHOP = ApiKeyGenerator.create("shop-2", Set.of(Scope.ORDERS, Scope.READ));
    private static final NewKey READER = ApiKeyGenerator.create("reader", Set.of(Scope.READ));
    private static final AuthSettings AUTH = new AuthSettings(ApiKeysSetting.parse(String.join(";",
            SHOP.configEntry(), OTHER_SHOP.configEntry(), READER.configEntry())), List.of(), Optional.of(TOKEN));

    private final Map<String, OrderResult> store = new ConcurrentHashMap<>();
    private final ResultWaiters waiters = new ResultWaiters();
    private final List<OrderCommand> sent = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> sentHeaders = new CopyOnWriteArrayList<>();
    /** Whether the fake topology decides the commands it is sent. */
    private volatile boolean deciding = true;
    private final List<WebServer> servers = new ArrayList<>();
    private final List<Peers> peers = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        peers.forEach(Peers::close);
        servers.forEach(WebServer::stop);
    }

    /** The instance that owns every order in {@link #store}. */
    private WebServer owner(AuthSettings auth) throws IOException {
        return serve(auth, (id, stale) -> store.containsKey(id) ? new QueryResult.Found<>(store.get(id))
                : new QueryResult.NotFound<>());
    }

    /** An instance that owns no order: each is {@code owner}'s. */
    private WebServer elsewhere(AuthSettings auth, WebServer owner) throws IOException {
        HostInfo host = new HostInfo("127.0.0.1", owner.port());
        return serve(auth, (id, stale) -> new QueryResult.Remote<>(host));
    }

    private WebServer serve(AuthSettings auth,
                            BiFunction<String, StaleReads, QueryResult<OrderResult>> lookup)
            throws IOException {
        int port = unusedPort();
        Peers instancePeers = new Peers("127.0.0.1:" + port, auth.internalToken(), Duration.ofSeconds(2),
                Duration.ofSeconds(30));
        peers.add(instancePeers);
        OrderCommands topology = (command, headers) -> {
            sent.add(command);
            sentHeaders.add(headers);
            if (deciding) {
                OrderResult now = store.get(command.orderId());
                OrderResult moved = now.moved(ReservationCommands.target(command.type()), null, now.remaining(),
                        Instant.now(), null);
                Thread.ofVirtual().start(() -> {
                    store.put(moved.orderId(), moved);
                    waiters.onResult(moved.orderId(), () -> moved);
                });
            }
        };
        ReservationCommands commands = new ReservationCommands(new OrderStatusQuery(lookup, waiters), topology);
        WebServer server = WebServer.builder().host("127.0.0.1").port(port)
                .routing(routing -> routing
                        .addFilter(new ApiKeyFilter(auth, OrderCommandService::isCommand))
                        .register(new OrderCommandService(commands, Duration.ofSeconds(30), new Waits(10, 10),
                                Forwarding.to(instancePeers)))
                        .error(Exception.class, HttpErrors::uncaught))
                .build().start();
        servers.add(server);
        return server;
    }

    private static OrderResult order(String orderId, OrderStatus status, String placedBy) {
        return new OrderResult(orderId, "sku-1", "u1", 1, status, null, null, 4L, "c-0", Instant.now(), Instant.now(),
                null, placedBy, Instant.now().plusSeconds(600));
    }

    @Test
    void aConfirmIsAnsweredWithTheConfirmedOrderAndAgainWhenRepeated() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o1", order("o1", OrderStatus.RESERVED, "shop-1"));

        HttpResponse<String> first = post(owner, "/v1/orders/o1/confirm", SHOP);
        HttpResponse<String> again = post(owner, "/v1/orders/o1/confirm", SHOP);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        OrderResult confirmed = Json.MAPPER.readValue(first.body(), OrderResult.class);
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.orderId()).isEqualTo("o1");
        assertThat(first.headers().firstValue(Peers.SERVED_BY)).hasValue("127.0.0.1:" + owner.port());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readValue(again.body(), OrderResult.class).status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(sent).as("one command: the repeat is answered from the order's state").hasSize(1);
        assertThat(sentHeaders.getFirst()).containsKey("correlation_id").doesNotContainKey("idempotency_key");
    }

    @Test
    void anOrderThatEndedOtherwiseIs409WithItsStatusInTheOneErrorShape() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o2", order("o2", OrderStatus.CONFIRMED, "shop-1"));
        store.put("o3", order("o3", OrderStatus.EXPIRED, "shop-1"));

        HttpResponse<String> cancel = post(owner, "/v1/orders/o2/cancel", SHOP, "X-Correlation-ID", "corr-409");
        HttpResponse<String> confirm = post(owner, "/v1/orders/o3/confirm", SHOP);

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(409);
        JsonNode error = Json.MAPPER.readTree(cancel.body());
        assertThat(error.path("error").asText()).isEqualTo("order_status_conflict");
        assertThat(error.path("message").asText()).contains("o2").contains("CONFIRMED");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("status");
        assertThat(error.path("details").get(0).path("message").asText()).isEqualTo("CONFIRMED");
        assertThat(error.path("correlation_id").asText()).isEqualTo("corr-409");
        assertThat(confirm.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(confirm.body()).path("details").get(0).path("message").asText())
                .isEqualTo("EXPIRED");
        assertThat(sent).isEmpty();
    }

    @Test
    void anUnknownOrderAndAnotherKeysOrderAre404() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o4", order("o4", OrderStatus.RESERVED, "shop-1"));

        HttpResponse<String> unknown = post(owner, "/v1/orders/nope/confirm", SHOP);
        HttpResponse<String> others = post(owner, "/v1/orders/o4/cancel", OTHER_SHOP);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(others.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(others.body()).doesNotContain("shop-1");
        assertThat(sent).isEmpty();
    }

    @Test
    void noDecisionWithinTheWaitIs202WithTheOrdersLocation() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o5", order("o5", OrderStatus.RESERVED, "shop-1"));
        deciding = false;

        HttpResponse<String> res = post(owner, "/v1/orders/o5/cancel?wait=200ms", SHOP);

        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        assertThat(res.headers().firstValue("Location")).hasValue("/v1/orders/o5");
        JsonNode body = Json.MAPPER.readTree(res.body());
        assertThat(body.path("order_id").asText()).isEqualTo("o5");
        assertThat(body.path("command").asText()).isEqualTo("CANCEL");
        assertThat(body.path("status").asText()).isEqualTo("RESERVED");
        assertThat(sent).hasSize(1);
    }

    @Test
    void theIdempotencyKeyIsCheckedAndTravelsScopedToTheApiKey() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o6", order("o6", OrderStatus.RESERVED, "shop-1"));

        HttpResponse<String> tooLong = post(owner, "/v1/orders/o6/confirm", SHOP, "Idempotency-Key", "k".repeat(256));
        assertThat(sent).isEmpty();
        HttpResponse<String> good = post(owner, "/v1/orders/o6/confirm", SHOP, "Idempotency-Key", "pay-6");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(tooLong.body()).path("details").get(0).path("field").asText())
                .isEqualTo("Idempotency-Key");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        assertThat(sentHeaders).last().satisfies(headers -> assertThat(headers)
                .containsEntry("idempotency_key", "shop-1:" + Sha256.hex(Sha256.of("pay-6"))));
    }

    @Test
    void aBodyAMethodOtherThanPostAndABadWaitAreRefused() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o7", order("o7", OrderStatus.RESERVED, "shop-1"));

        HttpResponse<String> withBody = send(owner, HttpRequest.newBuilder(uri(owner, "/v1/orders/o7/confirm"))
                .header("X-API-Key", SHOP.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"paid\"}")));
        HttpResponse<String> get = send(owner, HttpRequest.newBuilder(uri(owner, "/v1/orders/o7/cancel"))
                .header("X-API-Key", SHOP.key()).GET());
        HttpResponse<String> badWait = post(owner, "/v1/orders/o7/confirm?wait=soon", SHOP);

        assertThat(withBody.statusCode()).as(withBody.body()).isEqualTo(400);
        assertThat(withBody.body()).contains("takes no body");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(badWait.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(badWait.body()).path("details").get(0).path("field").asText())
                .isEqualTo("wait");
        assertThat(sent).isEmpty();
    }

    @Test
    void aKeyWithoutTheOrdersScopeMayNotEndAReservation() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o8", order("o8", OrderStatus.RESERVED, "reader"));

        HttpResponse<String> res = post(owner, "/v1/orders/o8/cancel", READER);

        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.body()).contains("'orders'");
        assertThat(sent).isEmpty();
    }

    @Test
    void anInstanceThatDoesNotOwnTheOrderSendsTheWholeRequestToItsOwner() throws Exception {
        WebServer owner = owner(AUTH);
        WebServer here = elsewhere(AUTH, owner);
        store.put("o9", order("o9", OrderStatus.RESERVED, "shop-1"));
        store.put("o10", order("o10", OrderStatus.RESERVED, "shop-1"));

        HttpResponse<String> confirmed = post(here, "/v1/orders/o9/confirm", SHOP, "Idempotency-Key", "pay-9");
        HttpResponse<String> notTheirs = post(here, "/v1/orders/o10/cancel", OTHER_SHOP);
        deciding = false;
        HttpResponse<String> pending = post(here, "/v1/orders/o10/cancel?wait=100ms", SHOP);

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readValue(confirmed.body(), OrderResult.class).status())
                .isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.headers().firstValue(Peers.SERVED_BY)).hasValue("127.0.0.1:" + owner.port());
        // Scoped by the instance that knew the caller's key, not as the instances' internal principal.
        assertThat(sentHeaders.getFirst()).containsEntry("idempotency_key",
                "shop-1:" + Sha256.hex(Sha256.of("pay-9")));
        assertThat(notTheirs.statusCode()).as("the owner applies the caller's view").isEqualTo(404);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        assertThat(pending.headers().firstValue("Location")).hasValue("/v1/orders/o10");
        assertThat(sent).extracting(OrderCommand::orderId).containsExactly("o9", "o10");
    }

    @Test
    void aClientCannotPassForAnotherInstanceToChooseTheScopedKey() throws Exception {
        WebServer owner = owner(AUTH);
        store.put("o11", order("o11", OrderStatus.RESERVED, "shop-2"));

        HttpResponse<String> res = post(owner, "/v1/orders/o11/confirm", OTHER_SHOP, "X-Surge-Forwarded-By", "x:1",
                "X-Surge-Idempotency-Key", "shop-1:chosen", "Idempotency-Key", "mine");

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(sentHeaders.getFirst()).containsEntry("idempotency_key", "shop-2:" + Sha256.hex(Sha256.of("mine")));
    }

    @Test
    void oneHopOnlyAndInstancesWithoutTheSameTokenSaySo() throws Exception {
        WebServer owner = owner(AUTH);
        WebServer here = elsewhere(AUTH, owner);
        WebServer third = elsewhere(AUTH, here);
        WebServer stranger = elsewhere(new AuthSettings(AUTH.keys(), List.of(), Optional.of("other-".repeat(8))),
                owner);
        store.put("o12", order("o12", OrderStatus.RESERVED, "shop-1"));

        HttpResponse<String> twoHops = post(third, "/v1/orders/o12/confirm", SHOP);
        HttpResponse<String> refusedToken = post(stranger, "/v1/orders/o12/confirm", SHOP);

        assertThat(twoHops.statusCode()).as(twoHops.body()).isEqualTo(503);
        assertThat(twoHops.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refusedToken.statusCode()).isEqualTo(503);
        assertThat(refusedToken.body()).contains("INTERNAL_TOKEN");
        assertThat(sent).isEmpty();
    }

    private HttpResponse<String> post(WebServer server, String path, NewKey key, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).header("X-API-Key", key.key())
                .POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(server, request);
    }

    private HttpResponse<String> send(WebServer server, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
