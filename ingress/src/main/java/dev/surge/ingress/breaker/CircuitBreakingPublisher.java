package dev.surge.ingress.breaker;

import dev.surge.config.IngressSettings;
import dev.surge.ingress.PublishFailedException;
import dev.surge.ingress.RecordPublisher;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer behind a circuit breaker (resilience4j). While Kafka is failing, requests get a 503
 * at once instead of each waiting out the produce timeout, and the broker is not hammered while it
 * recovers. The open time starts at the base and doubles with each trip in a row up to the cap;
 * a successful half-open probe closes the breaker and resets it to the base.
 */
public final class CircuitBreakingPublisher implements RecordPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakingPublisher.class);

    /** The state as a number for the metric: 0 closed, 1 open, 2 half-open. */
    public enum State {
        CLOSED(0), OPEN(1), HALF_OPEN(2);

        public final int code;

        State(int code) {
            this.code = code;
        }
    }

    private final RecordPublisher delegate;
    private final CircuitBreaker breaker;
    private final IntervalFunction openTime;
    private final Clock clock;
    /** Trips in a row without a healthy probe between them; resilience4j counts the same way. */
    private volatile int trips;
    private volatile Instant openUntil = Instant.MIN;

    public CircuitBreakingPublisher(RecordPublisher delegate, IngressSettings.Breaker settings) {
        this(delegate, settings, Clock.systemUTC());
    }

    CircuitBreakingPublisher(RecordPublisher delegate, IngressSettings.Breaker settings, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.openTime = IntervalFunction.ofExponentialBackoff(settings.openBase(), 2.0, settings.openMax());
        this.breaker = CircuitBreaker.of("producer", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.window()))
                .failureRateThreshold(settings.failureRatePercent())
                .recordExceptions(PublishFailedException.class)
                .waitIntervalFunctionInOpenState(openTime)
                // One probe decides: a healthy broker acknowledges it, a sick one fails it.
                .permittedNumberOfCallsInHalfOpenState(1)
                // Half-open without waiting for a request, so health and the metric show it.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .clock(clock)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            switch (transition.getToState()) {
                case OPEN -> {
                    trips = transition.getFromState() == CircuitBreaker.State.HALF_OPEN ? trips + 1 : 1;
                    Duration open = Duration.ofMillis(openTime.apply(trips));
                    openUntil = clock.instant().plus(open);
                    LOG.atWarn().addKeyValue("event", "breaker.open").addKeyValue("open_ms", open.toMillis())
                            .log("producer circuit breaker opened (trip {} in a row) for {}", trips, open);
                }
                case CLOSED -> {
                    trips = 0;
                    LOG.atInfo().addKeyValue("event", "breaker.closed").log("producer circuit breaker closed");
                }
                default -> LOG.atInfo().addKeyValue("event", "breaker." + transition.getToState().name().toLowerCase())
                        .log("producer circuit breaker {}", transition.getToState());
            }
        });
    }

    @Override
    public void publish(String topic, String key, byte[] value, Map<String, String> headers)
            throws PublishFailedException {
        guarded(() -> delegate.publish(topic, key, value, headers));
    }

    /** A batch is one call to the breaker: one success or one failure, however many records it holds. */
    @Override
    public void publishAll(String topic, List<KeyedValue> records, Map<String, String> headers)
            throws PublishFailedException {
        guarded(() -> delegate.publishAll(topic, records, headers));
    }

    private void guarded(Call call) throws PublishFailedException {
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException e) {
            throw new CircuitOpenException(retryAfter());
        }
        long start = breaker.getCurrentTimestamp();
        try {
            call.run();
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
        } catch (PublishFailedException | RuntimeException e) {
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            throw e;
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws PublishFailedException;
    }

    public State state() {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> State.OPEN;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.CLOSED;
        };
    }

    /** What is left of the open time; at least a second, since Retry-After counts whole seconds. */
    public Duration retryAfter() {
        Duration left = Duration.between(clock.instant(), openUntil);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /** How long the breaker stays open on its next trip: base, doubled per trip in a row, capped. */
    Duration nextOpenTime() {
        return Duration.ofMillis(openTime.apply(trips + 1));
    }

    public float failureRatePercent() {
        return breaker.getMetrics().getFailureRate();
    }
}
