package dev.surge.query.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.surge.config.SseSettings;
import dev.surge.http.RequestRejected;
import io.helidon.http.HeaderNames;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveStreamsTest {

    /** Three streams per instance, two per key. */
    private final LiveStreams streams = new LiveStreams(new SseSettings(3, 2, Duration.ofSeconds(15)));

    @Test
    void oneKeyHoldsAtMostItsShareAndIsToldWith429() throws Exception {
        streams.open("key:a", new Mailbox<>(1));
        LiveStreams.Slot second = streams.open("key:a", new Mailbox<>(1));

        RequestRejected refused = catchThrowableOfType(RequestRejected.class,
                () -> streams.open("key:a", new Mailbox<>(1)));
        assertThat(refused.status().code()).isEqualTo(429);
        assertThat(refused.toError("c").error()).isEqualTo("too_many_streams");
        assertThat(refused.headers()).containsKey(HeaderNames.RETRY_AFTER);

        second.close();
        second.close();
        streams.open("key:a", new Mailbox<>(1));
        assertThat(streams.openStreams()).as("a slot closed twice gives its place back once").isEqualTo(2);
    }

    @Test
    void theInstanceHoldsAtMostItsCapAndSays503() throws Exception {
        streams.open("key:a", new Mailbox<>(1));
        streams.open("key:b", new Mailbox<>(1));
        LiveStreams.Slot third = streams.open("key:c", new Mailbox<>(1));

        RequestRejected refused = catchThrowableOfType(RequestRejected.class,
                () -> streams.open("key:d", new Mailbox<>(1)));
        assertThat(refused.status().code()).isEqualTo(503);
        assertThat(refused.headers()).containsKey(HeaderNames.RETRY_AFTER);

        third.close();
        streams.open("key:d", new Mailbox<>(1));
    }

    @Test
    void shutdownEndsEveryOpenStreamAndRefusesNewOnes() throws Exception {
        Mailbox<String> open = new Mailbox<>(1);
        Mailbox<String> closed = new Mailbox<>(1);
        streams.open("key:a", open);
        streams.open("key:b", closed).close();

        streams.shutdown();

        assertThat(open.next(Duration.ZERO)).isEqualTo(new Mailbox.Ended<>(EndReason.SHUTTING_DOWN));
        assertThat(closed.ended()).as("a stream that had ended already is left alone").isFalse();
        RequestRejected refused = catchThrowableOfType(RequestRejected.class,
                () -> streams.open("key:c", new Mailbox<>(1)));
        assertThat(refused.toError("c").error()).isEqualTo("shutting_down");
    }
}
