package dev.surge.query.stream;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer per instance on every partition of the inventory changelog, handing each committed
 * change to the streams listening to its item. That is how a stream on any instance sees the
 * changes of items other instances own, without asking them. Started by the first stream, so an
 * instance nobody streams from reads nothing; it runs until the instance closes.
 */
public final class ChangelogFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangelogFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** After a failure, the next stream starts a new consumer; this long at least after the last. */
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final Changelog changelog;
    private final Duration startTimeout;
    private final ItemSubscriptions subscriptions = new ItemSubscriptions();
    private Running running;
    private boolean closed;

    /** @param startTimeout the longest the first stream waits for the consumer to find its place in the log */
    public ChangelogFeed(Changelog changelog, Duration startTimeout) {
        this.changelog = changelog;
        this.startTimeout = startTimeout;
    }

    /** A stream's registration; closing it stops the deliveries. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers {@code mailbox} for the changes of {@code items}, starting the feed first if need be.
     * Every change committed after this returns reaches the mailbox (and perhaps a few before).
     *
     * @throws FeedUnavailable when the feed cannot start (Kafka unreachable, the changelog not created yet)
     */
    public Subscription subscribe(Collection<String> items, Mailbox<Change> mailbox) throws FeedUnavailable {
        Running feed = running();
        try {
            feed.ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new FeedUnavailable("the inventory change feed did not start: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailable("interrupted while the change feed started");
        }
        List<String> subscribed = List.copyOf(items);
        subscriptions.add(subscribed, mailbox);
        if (!feed.failed()) {
            return () -> subscriptions.remove(subscribed, mailbox);
        }
        subscriptions.remove(subscribed, mailbox);
        throw new FeedUnavailable("the inventory change feed stopped");
    }

    private synchronized Running running() throws FeedUnavailable {
        if (closed) {
            throw new FeedUnavailable("this instance is closing");
        }
        if (running == null || running.failed() && running.failedLongEnoughAgo()) {
            running = new Running();
            running.thread.start();
        }
        return running;
    }

    @Override
    public void close() {
        Running last;
        synchronized (this) {
            closed = true;
            last = running;
        }
        if (last != null) {
            last.stop();
        }
        subscriptions.endAll(EndReason.SHUTTING_DOWN);
    }

    /** One consumer's life: its thread, the moment it knew its place, whether it ended badly. */
    private final class Running implements Runnable {

        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final Thread thread = Thread.ofPlatform().daemon().name("sse-changelog-feed").unstarted(this);
        private volatile Consumer<String, byte[]> consumer;
        private volatile boolean stopping;
        private volatile long failedAt = -1;

        @Override
        public void run() {
            try (Consumer<String, byte[]> opened = changelog.consumer("feed")) {
                consumer = opened;
                if (stopping) {
                    return;
                }
                List<TopicPartition> partitions = changelog.allPartitions();
                if (opened.partitionsFor(changelog.topic()).isEmpty()) {
                    throw new IllegalStateException("topic " + changelog.topic() + " does not exist yet");
                }
                opened.assign(partitions);
                opened.seekToEnd(partitions);
                // Resolved now, not at the first poll: a stream that subscribes after this must miss
                // nothing committed after its subscription.
                partitions.forEach(opened::position);
                ready.complete(null);
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> record : opened.poll(POLL)) {
                        if (record.key() != null && subscriptions.wanted(record.key())) {
                            subscriptions.deliver(changelog.change(record));
                        }
                    }
                }
            } catch (WakeupException e) {
                if (!stopping) {
                    fail(e);
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void fail(RuntimeException e) {
            log.warn("the inventory change feed stopped: {}", e.toString());
            failedAt = System.nanoTime();
            ready.completeExceptionally(e);
            subscriptions.endAll(EndReason.UNAVAILABLE);
        }

        boolean failed() {
            return failedAt >= 0;
        }

        boolean failedLongEnoughAgo() {
            return System.nanoTime() - failedAt > RESTART_PAUSE.toNanos();
        }

        void stop() {
            stopping = true;
            Consumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The feed cannot serve a stream now; the client should retry. */
    public static final class FeedUnavailable extends Exception {
        FeedUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
