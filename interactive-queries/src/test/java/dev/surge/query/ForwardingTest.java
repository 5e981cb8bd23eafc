package dev.surge.query;

import static dev.surge.query.LocalHttp.unusedPort;
import static dev.surge.query.LocalHttp.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.http.client.Peers;
import dev.surge.schemas.InventoryLevel;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real Helidon servers, each an instance's inventory reads: "here", which owns no key, and a
 * standby with a replica 3 records behind; the owner is an address nobody listens on (it died).
 */
class ForwardingTest {

    private static final InventoryLevel LEVEL = new InventoryLevel("sku-1", 7, 3, 10, Instant.parse("2026-12-01T00:00:00Z"));

    private final List<WebServer> servers = new ArrayList<>();
    private final List<Peers> peers = new ArrayList<>();
    /** What the standby was asked, as it was asked: the caller's allowance must reach it. */
    private final List<StaleReads> standbyAsked = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HostInfo deadOwner;
    private WebServer standby;
    private WebServer here;

    @BeforeEach
    void start() throws IOException {
        deadOwner = new HostInfo("127.0.0.1", unusedPort());
        standby = serve((item, stale) -> {
            standbyAsked.add(stale);
            return stale.accepts(3) ? new QueryResult.Stale<>(LEVEL, 3) : new QueryResult.Remote<>(deadOwner);
        });
        HostInfo standbyHost = new HostInfo("127.0.0.1", standby.port());
        here = serve((item, stale) -> new QueryResult.Remote<>(deadOwner, Set.of(standbyHost)));
    }

    private WebServer serve(InventoryQueryService.InventoryLookup lookup) throws IOException {
        int port = unusedPort();
        Peers instancePeers = new Peers("127.0.0.1:" + port, Optional.empty(), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        peers.add(instancePeers);
        WebServer server = WebServer.builder().host("127.0.0.1").port(port)
                .routing(routing -> routing.register(new InventoryQueryService(lookup,
                        (prefix, after, limit) -> new QueryResult.Found<>(List.of()), Forwarding.to(instancePeers),
                        Gathering.alone("127.0.0.1:" + port))))
                .build().start();
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() {
        peers.forEach(Peers::close);
        servers.forEach(WebServer::stop);
    }

    @Test
    void withoutStaleReadsADeadOwnerMeansRetryLater() throws Exception {
        HttpResponse<String> res = get("/v1/inventory/sku-1", Optional.empty());

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(standbyAsked).isEmpty();
    }

    @Test
    void withStaleReadsTheStandbyAnswersWhenTheOwnerDoesNot() throws Exception {
        HttpResponse<String> res = get("/v1/inventory/sku-1?max_lag=10", Optional.empty());

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.body()).contains("\"available\":7");
        assertThat(res.headers().firstValue(StaleReads.LAG)).hasValue("3");
        assertThat(res.headers().firstValue(Peers.SERVED_BY)).hasValue("127.0.0.1:" + standby.port());
        assertThat(standbyAsked).containsExactly(new StaleReads(10));
    }

    @Test
    void theHeaderTravelsToTheStandbyAsTheParameter() throws Exception {
        HttpResponse<String> res = get("/v1/inventory/sku-1", Optional.of("10"));

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(standbyAsked).containsExactly(new StaleReads(10));
    }

    @Test
    void aStandbyFurtherBehindThanAllowedDoesNotAnswer() throws Exception {
        HttpResponse<String> res = get("/v1/inventory/sku-1?max_lag=2", Optional.empty());

        // The standby, asked once, does not forward again (one hop): the caller retries.
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(standbyAsked).containsExactly(new StaleReads(2));
    }

    @Test
    void aReplicaBehindThatLacksTheKeyDoesNotSayItIsUnknown() throws Exception {
        here = serve((item, stale) -> new QueryResult.Stale<>(null, item.equals("behind") ? 4 : 0));

        HttpResponse<String> behind = get("/v1/inventory/behind?max_lag=10", Optional.empty());
        HttpResponse<String> current = get("/v1/inventory/current?max_lag=10", Optional.empty());

        assertThat(behind.statusCode()).isEqualTo(503);
        assertThat(behind.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(behind.headers().firstValue(StaleReads.LAG)).hasValue("4");
        assertThat(current.statusCode()).isEqualTo(404);
    }

    @Test
    void aLagThatIsNotAWholeNumberIsRefused() throws Exception {
        for (String bad : List.of("-1", "x", "1.5", "")) {
            HttpResponse<String> res = get("/v1/inventory/sku-1?max_lag=" + bad, Optional.empty());

            assertThat(res.statusCode()).as(bad).isEqualTo(400);
            assertThat(res.body()).contains("\"field\":\"max_lag\"");
        }
    }

    private HttpResponse<String> get(String path, Optional<String> maxLagHeader) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(here, path))
                .timeout(Duration.ofSeconds(10));
        maxLagHeader.ifPresent(lag -> req.header(StaleReads.HEADER, lag));
        return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
}
