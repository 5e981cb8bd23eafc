package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP_MAX_CONCURRENT_REQUESTS bounds what clients hold open at once: with live streams taking
 * every slot, the next request is refused (503) instead of queuing, and served again once they end.
 */
class ConnectionLimitsIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void requestsBeyondTheLimitAreRefusedUntilSlotsFree() throws Exception {
        try (RunningSurge surge = new RunningSurge(dir, Map.of("HTTP_MAX_CONCURRENT_REQUESTS", "2",
                "SSE_HEARTBEAT", "1s"))) {
            assertThat(get(surge, "/health/live").statusCode()).isEqualTo(200);
            List<InputStream> streams = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                                URI.create(surge.url("/v1/stream/inventory?items=limit-" + i))).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                streams.add(stream.body());
            }

            assertThat(get(surge, "/health/live").statusCode()).as("a third request while two streams are open")
                    .isEqualTo(503);

            for (InputStream stream : streams) {
                stream.close();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int status;
            do {
                Thread.sleep(200);
                status = get(surge, "/health/live").statusCode();
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).as("once the streams are closed").isEqualTo(200);
        }
    }

    private HttpResponse<String> get(RunningSurge surge, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(surge.url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
