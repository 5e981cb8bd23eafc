package dev.surge.node.health;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The processor is healthy while its Streams client runs or rebalances; anything else needs attention.
 * So do stream threads that keep dying (a task failing on every try): DEGRADED, as the others go on.
 */
public final class StreamsHealth implements HealthCheck {

    /** Replacements within {@link #WINDOW} that mean a task is stuck rather than a passing failure. */
    static final int STUCK_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Supplier<KafkaStreams.State> state;
    private final ToIntFunction<Duration> threadsReplacedWithin;

    public StreamsHealth(Supplier<KafkaStreams.State> state, ToIntFunction<Duration> threadsReplacedWithin) {
        this.state = state;
        this.threadsReplacedWithin = threadsReplacedWithin;
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public Health check() {
        KafkaStreams.State now = state.get();
        if (now != KafkaStreams.State.RUNNING && now != KafkaStreams.State.REBALANCING) {
            return Health.down(now.name());
        }
        int replaced = threadsReplacedWithin.applyAsInt(WINDOW);
        return replaced >= STUCK_REPLACEMENTS
                ? Health.degraded(now.name() + ", but " + replaced + " stream threads died within "
                        + WINDOW.toMinutes() + " min: a task keeps failing (see the log)")
                : Health.up(now.name());
    }
}
