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
public final class InMemoryPublisher implements RecordPublisher {

    public record Published(String topic, String key, byte[] value, Map<String, String> headers) {
    }

    public enum Mode { ACKNOWLEDGE, TIME_OUT, CRASH }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
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

    /** Counted as one batch, then published record by record as any publisher may. */
    @Override
    public void publishAll(String topic, List<KeyedValue> records, Map<String, String> headers)
            throws PublishFailedException {
        batches.add(records.size());
        RecordPublisher.super.publishAll(topic, records, headers);
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Publishes from now on wait until {@link #release}. */
    public void hold() {
        gate = new CountDownLatch(1);
        entered[0] = new CountDownLatch(1);
    }

    /** Waits until a publish is being held. */
    public void awaitHeld() throws InterruptedException {
        if (!entered[0].await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no publish arrived");
        }
    }

    public void release() {
        gate.countDown();
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    /** The size of each batch given to {@link #publishAll}, in order. */
    public List<Integer> batches() {
        return List.copyOf(batches);
    }

    public void clear() {
        published.clear();
        batches.clear();
        mode = Mode.ACKNOWLEDGE;
        gate.countDown();
    }
}
