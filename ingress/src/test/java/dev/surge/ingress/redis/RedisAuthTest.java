package dev.surge.ingress.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.surge.ingress.StoreUnavailableException;
import dev.surge.ingress.ratelimit.RateLimit;
import dev.surge.ingress.ratelimit.RedisRateLimiter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A real redis-server that requires a password (and an ACL user): REDIS_URL carries the credentials
 * to lettuce as written; a wrong password leaves the edge unusable with a reason that says so, and
 * the password appears in no message and no log line.
 */
class RedisAuthTest {

    private static final String PASSWORD = "default-user-secret-7f3a";
    private static final String USER_PASSWORD = "acl-user-secret-91bc";
    private static final String WRONG = "not-the-password-5e2d";
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static RedisServerProcess server;

    @BeforeAll
    static void startRedis() {
        server = new RedisServerProcess(PASSWORD);
        assertThat(server.command("ACL", "SETUSER", "surge", "on", ">" + USER_PASSWORD, "~*", "+@all")).isEqualTo("+OK");
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void theDefaultUsersPasswordInTheUrlOpensTheStore() throws Exception {
        try (RedisConnection redis = RedisConnection.open(server.url(":" + PASSWORD), TIMEOUT)) {
            assertThat(redis.problem()).isEmpty();
            assertThat(new RedisRateLimiter(redis).acquire(List.of(new RateLimit("auth-default", 5, Duration.ofMinutes(1))))
                    .allowed()).isTrue();
        }
    }

    @Test
    void anAclUserAndItsPasswordOpenTheStore() throws Exception {
        try (RedisConnection redis = RedisConnection.open(server.url("surge:" + USER_PASSWORD), TIMEOUT)) {
            assertThat(redis.problem()).isEmpty();
            assertThat(new RedisRateLimiter(redis).acquire(List.of(new RateLimit("auth-acl", 5, Duration.ofMinutes(1))))
                    .allowed()).isTrue();
        }
    }

    @Test
    void withoutAPasswordRedisSaysAuthenticationIsRequired() {
        try (RedisConnection redis = RedisConnection.open(server.url(), TIMEOUT)) {
            assertThat(redis.problem()).hasValueSatisfying(why -> assertThat(why).contains("NOAUTH"));
        }
    }

    @Test
    void aWrongPasswordIsReportedAsRefusedWithoutThePassword() {
        // What production logs (INFO), though this module's test logging keeps its own quiet.
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger surge = (Logger) LoggerFactory.getLogger("dev.surge.ingress");
        Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");
        Level surgeLevel = surge.getLevel();
        Level lettuceLevel = lettuce.getLevel();
        surge.setLevel(Level.INFO);
        lettuce.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (RedisConnection redis = RedisConnection.open(server.url("surge:" + WRONG), TIMEOUT)) {
            assertThat(redis.problem()).hasValueSatisfying(why -> assertThat(why).contains("WRONGPASS").doesNotContain(WRONG));
            assertThatThrownBy(() -> new RedisRateLimiter(redis).acquire(
                    List.of(new RateLimit("auth-wrong", 5, Duration.ofMinutes(1)))))
                    .isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(chainText(e)).doesNotContain(WRONG));
        } finally {
            root.detachAppender(logs);
            surge.setLevel(surgeLevel);
            lettuce.setLevel(lettuceLevel);
        }
        assertThat(logs.list).as("something was logged about the failure").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage())).doesNotContain(WRONG);
        }
    }

    @Test
    void aUrlThatIsNotOneIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> RedisConnection.open("redis://:" + WRONG + "@", TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setting REDIS_URL:")
                .satisfies(e -> assertThat(chainText(e)).doesNotContain(WRONG));
    }

    private static String chainText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
