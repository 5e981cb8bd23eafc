package dev.surge.ingress.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.IngressSettings;
import dev.surge.ingress.PublishFailedException;
import dev.surge.ingress.RecordPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CircuitBreakingPublisherTest {

    /** A broker that can be switched off and on, counting what reaches it. */
    static final class SwitchableBroker implements RecordPublisher {
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void publish(String topic, String key, byte[] value, Map<String, String> headers)
                throws PublishFailedException {
            calls.incrementAndGet();
            if (!up.get()) {
                throw new PublishFailedException("broker down", null);
            }
        }
    }

    private static final Duration BASE = Duration.ofMillis(300);
    private final SwitchableBroker broker = new SwitchableBroker();
    private final CircuitBreakingPublisher publisher = new CircuitBreakingPublisher(broker,
            new IngressSettings.Breaker(50, 10, 4, BASE, Duration.ofMillis(1000)));

    private void publish() throws PublishFailedException {
        publisher.publish("orders", "sku-1", new byte[] {1}, Map.of());
    }

    private void failUntilOpen() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(this::publish).isInstanceOf(PublishFailedException.class)
                    .isNotInstanceOf(CircuitOpenException.class);
        }
        assertThat(publisher.state()).isEqualTo(CircuitBreakingPublisher.State.OPEN);
    }

    private void awaitState(CircuitBreakingPublisher.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (publisher.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(publisher.state()).isEqualTo(state);
    }

    @Test
    void closedPassesCallsThrough() throws Exception {
        publish();
        publish();
        assertThat(broker.calls).hasValue(2);
        assertThat(publisher.state()).isEqualTo(CircuitBreakingPublisher.State.CLOSED);
    }

    @Test
    void opensAfterFailuresAndRefusesWithoutCallingTheBroker() {
        broker.up.set(false);
        failUntilOpen();
        int before = broker.calls.get();

        assertThatThrownBy(this::publish).isInstanceOfSatisfying(CircuitOpenException.class,
                open -> assertThat(open.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(broker.calls).hasValue(before);
    }

    @Test
    void halfOpenProbeThatFailsReopensForTwiceAsLong() throws Exception {
        broker.up.set(false);
        failUntilOpen();
        assertThat(publisher.nextOpenTime()).isEqualTo(BASE.multipliedBy(2));

        awaitState(CircuitBreakingPublisher.State.HALF_OPEN);
        assertThatThrownBy(this::publish).isNotInstanceOf(CircuitOpenException.class);
        assertThat(publisher.state()).isEqualTo(CircuitBreakingPublisher.State.OPEN);
        // Second trip in a row: 600 ms now, 1000 ms (the cap) next.
        assertThat(publisher.nextOpenTime()).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void healthyProbeClosesAndResetsTheOpenTime() throws Exception {
        broker.up.set(false);
        failUntilOpen();
        awaitState(CircuitBreakingPublisher.State.HALF_OPEN);
        assertThatThrownBy(this::publish).isNotInstanceOf(CircuitOpenException.class);

        broker.up.set(true);
        awaitState(CircuitBreakingPublisher.State.HALF_OPEN);
        publish();
        assertThat(publisher.state()).isEqualTo(CircuitBreakingPublisher.State.CLOSED);
        assertThat(publisher.nextOpenTime()).isEqualTo(BASE);
    }

    private void publishBatch(int size) throws PublishFailedException {
        List<RecordPublisher.KeyedValue> records = IntStream.range(0, size)
                .mapToObj(i -> new RecordPublisher.KeyedValue("s-" + i, new byte[] {1})).toList();
        publisher.publishAll("events", records, Map.of());
    }

    @Test
    void aBatchIsOneCallToTheBreaker() throws Exception {
        publishBatch(10);
        assertThat(broker.calls).hasValue(10);

        broker.up.set(false);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(this::publish).isNotInstanceOf(CircuitOpenException.class);
        }
        // Three failures after one success: 75%, open. Had the batch been ten calls, 30%, still closed.
        assertThat(publisher.failureRatePercent()).isEqualTo(75f);
        assertThat(publisher.state()).isEqualTo(CircuitBreakingPublisher.State.OPEN);
    }

    @Test
    void anOpenBreakerRefusesABatchWithoutCallingTheBroker() {
        broker.up.set(false);
        failUntilOpen();
        int before = broker.calls.get();

        assertThatThrownBy(() -> publishBatch(10)).isInstanceOf(CircuitOpenException.class);
        assertThat(broker.calls).hasValue(before);
    }

    @Test
    void refusalsAreNotCountedAsBrokerFailures() {
        broker.up.set(false);
        failUntilOpen();
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(this::publish).isInstanceOf(CircuitOpenException.class);
        }
        assertThat(broker.calls).hasValue(4);
    }
}
