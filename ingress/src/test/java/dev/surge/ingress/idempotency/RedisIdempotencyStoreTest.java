package dev.surge.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.ingress.redis.RedisConnection;
import dev.surge.ingress.redis.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisIdempotencyStoreTest extends IdempotencyStoreContract {

    private static RedisServerProcess server;
    private static RedisConnection connection;
    private static RedisIdempotencyStore store;

    @BeforeAll
    static void startRedis() {
        server = new RedisServerProcess();
        // Generous: these tests are about answers, RedisConnectionTest about timeouts.
        connection = RedisConnection.open(server.url(), Duration.ofSeconds(1));
        store = new RedisIdempotencyStore(connection);
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        server.close();
    }

    @Override
    protected IdempotencyStore store() {
        return store;
    }

    @Override
    protected void elapse(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    @Test
    void oneHashPerKeyUnderItsPrefixWithTheInFlightTtl() throws Exception {
        store.claim(key("k"), "fp", Duration.ofSeconds(30));

        String hashKey = RedisIdempotencyStore.KEY_PREFIX + key("k");
        assertThat(server.command("TYPE", hashKey)).isEqualTo("+hash");
        assertThat(Long.parseLong(server.command("PTTL", hashKey).substring(1))).isBetween(1L, 30_000L);
    }

    @Test
    void inFlightRetryAfterFollowsTheClaimsRemainingLifeWithinOneToFiveSeconds() throws Exception {
        store.claim(key("short"), "fp", Duration.ofMillis(300));
        store.claim(key("long"), "fp", Duration.ofMinutes(1));

        assertThat(((Claim.InFlight) store.claim(key("short"), "fp", Duration.ofMinutes(1))).retryAfter())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(((Claim.InFlight) store.claim(key("long"), "fp", Duration.ofMinutes(1))).retryAfter())
                .isEqualTo(Duration.ofSeconds(5));
    }
}
