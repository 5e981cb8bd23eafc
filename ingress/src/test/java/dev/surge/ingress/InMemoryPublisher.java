package dev.surge.ingress;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records what the services publish; can be told to refuse (broker down), to blow up (a bug) or to
 * hold every publish until released (a slow broker, to keep a request in flight).
 */
final class InMemoryPublisher implements RecordPublisher {

    record Published(String topic, String key, byte[] value, Map<String, String> headers) {
    }

    enum Mode { ACKNOWLEDGE, TIME_OUT, CRASH }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACKNOWLEDGE;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch[] entered = {new CountDownLatch(1)};

    @Override
    public void publish(String topic, String key, byte[] value, Map<String, String> headers)
            throws PublishFailedException {
        entered[0].countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new PublishFailedException("held for too long", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted", e);
        }
        switch (mode) {
            case ACKNOWLEDGE -> published.add(new Published(topic, key, value, Map.copyOf(headers)));
            case TIME_OUT -> throw new PublishFailedException(topic + ": not acknowledged within 5s", null);
            case CRASH -> throw new IllegalStateException("a bug with secret internals");
        }
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Publishes from now on wait until {@link #release}. */
    void hold() {
        gate = new CountDownLatch(1);
        entered[0] = new CountDownLatch(1);
    }

    /** Waits until a publish is being held. */
    void awaitHeld() throws InterruptedException {
        if (!entered[0].await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no publish arrived");
        }
    }

    void release() {
        gate.countDown();
    }

    List<Published> published() {
        return List.copyOf(published);
    }

    void clear() {
        published.clear();
        mode = Mode.ACKNOWLEDGE;
        gate.countDown();
    }
}
