package dev.surge.node.lag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.node.ServedRoutes;
import dev.surge.schemas.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /v1/lag serves the schedule's last reading of the watched groups, and names no other group. */
class LagServiceTest {

    private static final List<String> WATCHED = List.of("surge", "surge-dlq", "billing");

    private final AtomicReference<LagReading> latest = new AtomicReference<>();
    private final ServedRoutes routes = new ServedRoutes(routing -> routing.register(
            new LagService(() -> Optional.ofNullable(latest.get()), WATCHED, Duration.ofSeconds(15))));

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void servesTheLastReadingWithItsAge() throws Exception {
        Instant measured = Instant.now().minusSeconds(7);
        latest.set(new LagReading(measured, List.of(
                new PartitionLag("surge", "orders", 0, 10, 15, 5, 2.5),
                new PartitionLag("surge", "orders", 1, 20, 20, 0, 0.0),
                new PartitionLag("billing", "orders", 0, 3, 4, 1, null))));

        JsonNode all = json(routes.get("/v1/lag"), 200);
        assertThat(all.path("measured_at").asText()).isEqualTo(measured.toString());
        assertThat(all.path("age_seconds").asDouble()).isBetween(7.0, 60.0);
        assertThat(groupNames(all)).containsExactly("surge", "surge-dlq", "billing");
        assertThat(all.path("groups").get(0).path("lag").asLong()).isEqualTo(5);
        assertThat(all.path("groups").get(1).path("partitions")).isEmpty();

        JsonNode one = json(routes.get("/v1/lag?group=billing,surge&group=billing"), 200);
        assertThat(groupNames(one)).containsExactly("billing", "surge");
        assertThat(one.path("groups").get(0).path("lag").asLong()).isEqualTo(1);
    }

    @Test
    void anUnwatchedGroupIsRefusedWithTheGroupsThatAreWatched() throws Exception {
        latest.set(new LagReading(Instant.now(), List.of()));

        JsonNode refused = json(routes.get("/v1/lag?group=surge&group=someone-elses-group"), 400);
        assertThat(refused.path("error").asText()).isEqualTo("invalid_request");
        assertThat(refused.path("details").get(0).path("field").asText()).isEqualTo("group");
        assertThat(refused.path("message").asText()).contains("'someone-elses-group' is not a watched consumer group")
                .contains("surge, surge-dlq, billing");
        String longName = "g".repeat(500);
        assertThat(routes.get("/v1/lag?group=" + longName).body()).hasSizeLessThan(1_000).contains("ggg...'");
    }

    @Test
    void beforeTheFirstMeasurementItSaysSo() throws Exception {
        JsonNode unavailable = json(routes.get("/v1/lag"), 503);
        assertThat(unavailable.path("error").asText()).isEqualTo("lag_unavailable");
        assertThat(unavailable.path("message").asText()).contains("not been measured yet").contains("15 s");
    }

    private static List<String> groupNames(JsonNode report) {
        return report.path("groups").valueStream().map(group -> group.path("group").asText()).toList();
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }
}
