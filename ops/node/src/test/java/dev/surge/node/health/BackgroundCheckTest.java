package dev.surge.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.node.health.HealthCheck.Health;
import dev.surge.node.health.HealthCheck.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundCheckTest {

    /** Answers UP the first time, then hangs until released, as a describe call does on a vanished broker. */
    private static final class HangsAfterFirst implements HealthCheck {

        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public String name() {
            return "kafka";
        }

        @Override
        public Health check() {
            if (asked.getAndIncrement() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Health.down("cluster did not answer");
            }
            return Health.up("1 broker(s)");
        }
    }

    @Test
    void answersAtOnceWithTheLastResultWhileTheCheckHangs() throws Exception {
        HangsAfterFirst slow = new HangsAfterFirst();
        try (BackgroundCheck check = BackgroundCheck.start(slow, Duration.ofMillis(20), Duration.ofSeconds(30))) {
            awaitAsked(slow, 2);
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                assertThat(check.check()).isEqualTo(Health.up("1 broker(s)"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            slow.release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (check.check().status() != Status.DOWN && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(check.check()).isEqualTo(Health.down("cluster did not answer"));
        }
    }

    @Test
    void aCheckStuckForLongerThanItsStaleTimeIsDown() throws Exception {
        HangsAfterFirst slow = new HangsAfterFirst();
        try (BackgroundCheck check = BackgroundCheck.start(slow, Duration.ofMillis(20), Duration.ofMillis(300))) {
            awaitAsked(slow, 2);
            Thread.sleep(400);
            Health stale = check.check();
            assertThat(stale.status()).isEqualTo(Status.DOWN);
            assertThat(stale.detail()).startsWith("no answer from the check for").endsWith("(last: UP)");
            slow.release.countDown();
        }
    }

    @Test
    void aCheckThatThrowsIsDownAndKeepsBeingAsked() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HealthCheck throwing = new HealthCheck() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public Health check() {
                asked.incrementAndGet();
                throw new IllegalStateException("boom");
            }

            @Override
            public boolean required() {
                return false;
            }
        };
        try (BackgroundCheck check = BackgroundCheck.start(throwing, Duration.ofMillis(10), Duration.ofSeconds(30))) {
            assertThat(check.check()).isEqualTo(Health.down("the check failed: java.lang.IllegalStateException: boom"));
            assertThat(check.name()).isEqualTo("flaky");
            assertThat(check.required()).isFalse();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (asked.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(asked.get()).isGreaterThanOrEqualTo(3);
        }
    }

    private static void awaitAsked(HangsAfterFirst slow, int times) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (slow.asked.get() < times && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(slow.asked.get()).isGreaterThanOrEqualTo(times);
    }
}
