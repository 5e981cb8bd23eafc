package dev.surge.query.stream;

import dev.surge.config.SseSettings;
import dev.surge.http.RequestRejected;
import dev.surge.query.Waits;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every live stream this instance serves: the caps on how many may be open (per instance and per
 * API key), and the end of all of them when the instance drains for shutdown, so that a stop
 * never waits for clients that would listen forever.
 */
public final class LiveStreams {

    /** Seconds a client refused for its number of streams should wait: streams end when clients close them. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final SseSettings settings;
    private final Set<Mailbox<?>> open = new HashSet<>();
    private final Map<String, Integer> openPerHolder = new HashMap<>();
    private boolean closed;

    public LiveStreams(SseSettings settings) {
        this.settings = settings;
    }

    /** A stream's place under the caps; closing it gives the place back. */
    @FunctionalInterface
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a place for a stream that {@code holder} opens, fed through {@code mailbox}.
     *
     * @throws RequestRejected 429 when the holder has its most streams open, 503 when this instance
     *                         has, or when it is shutting down
     */
    public synchronized Slot open(String holder, Mailbox<?> mailbox) throws RequestRejected {
        if (closed) {
            throw RequestRejected.shuttingDown();
        }
        int held = openPerHolder.getOrDefault(holder, 0);
        if (held >= settings.maxStreamsPerKey()) {
            throw new RequestRejected(Status.TOO_MANY_REQUESTS_429, "too_many_streams",
                    "this API key (or client address) has " + held + " streams open on this instance, the most"
                            + " allowed (SSE_MAX_STREAMS_PER_KEY); close one first", List.of(),
                    Map.of(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)));
        }
        if (open.size() >= settings.maxStreams()) {
            throw RequestRejected.unavailable("this instance serves its most streams (SSE_MAX_STREAMS); retry,"
                    + " or on another instance", RETRY_AFTER_SECONDS);
        }
        openPerHolder.merge(holder, 1, Integer::sum);
        open.add(mailbox);
        return () -> release(holder, mailbox);
    }

    private synchronized void release(String holder, Mailbox<?> mailbox) {
        if (open.remove(mailbox)) {
            openPerHolder.computeIfPresent(holder, (h, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Ends every open stream and refuses new ones: the instance drains for shutdown. */
    public void shutdown() {
        List<Mailbox<?>> ending;
        synchronized (this) {
            closed = true;
            ending = List.copyOf(open);
        }
        ending.forEach(mailbox -> mailbox.end(EndReason.SHUTTING_DOWN));
    }

    public Duration heartbeat() {
        return settings.heartbeat();
    }

    public synchronized int openStreams() {
        return open.size();
    }

    /** Whom a stream counts against: see {@link Waits#holder}. */
    static String holder(ServerRequest request) {
        return Waits.holder(request);
    }
}
