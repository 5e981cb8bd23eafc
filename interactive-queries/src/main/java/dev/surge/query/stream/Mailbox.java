package dev.surge.query.stream;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one live stream is told, in order, by whatever feeds it, and whether it must end. Bounded:
 * a client that reads slower than changes come is ended ({@link EndReason#TOO_SLOW}) instead of
 * growing a queue; an end, whoever asks for it, overtakes whatever is still queued.
 */
public final class Mailbox<T> {

    /** What {@link #next} found. */
    public sealed interface Next<T> {
    }

    public record Item<T>(T value) implements Next<T> {
    }

    public record Ended<T>(EndReason reason) implements Next<T> {
    }

    /** Nothing within the wait: time for a heartbeat. */
    public record Quiet<T>() implements Next<T> {
    }

    /** Wakes a reader blocked in {@link #next} when the stream ends; never handed out. */
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<EndReason> end = new AtomicReference<>();
    private final int capacity;

    public Mailbox(int capacity) {
        this.capacity = capacity;
    }

    /** Queues {@code item}; false when the stream has ended, or ends now because its queue is full. */
    public boolean offer(T item) {
        if (end.get() != null) {
            return false;
        }
        if (queue.size() >= capacity) {
            end(EndReason.TOO_SLOW);
            return false;
        }
        queue.add(item);
        return true;
    }

    /** Asks the stream to end; the first reason given is the one it ends with. */
    public void end(EndReason reason) {
        if (end.compareAndSet(null, reason)) {
            queue.add(END);
        }
    }

    public boolean ended() {
        return end.get() != null;
    }

    /** The next item, the end, or quiet once {@code wait} passed without either. */
    @SuppressWarnings("unchecked")
    public Next<T> next(Duration wait) throws InterruptedException {
        EndReason reason = end.get();
        if (reason != null) {
            return new Ended<>(reason);
        }
        Object next = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        reason = end.get();
        if (reason != null) {
            return new Ended<>(reason);
        }
        return next == null ? new Quiet<>() : new Item<>((T) next);
    }

    int queued() {
        return queue.size();
    }
}
