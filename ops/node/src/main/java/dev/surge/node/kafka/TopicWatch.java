package dev.surge.node.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads a topic from its end on a thread of its own until closed, handing each record's key (as
 * text) and the moment it was read to {@code seen}: what the demo and the bench time results with.
 */
public final class TopicWatch implements AutoCloseable {

    private final TopicTail tail;
    private final BiConsumer<String, Long> seen;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Returns once the end of the topic is known: every record from then on is seen.
     *
     * @param seen called with each record's key and {@link System#nanoTime()} when it was read
     */
    public TopicWatch(String bootstrapServers, String topic, String threadName, BiConsumer<String, Long> seen) {
        this.tail = TopicTail.atEnd(bootstrapServers, topic);
        this.seen = seen;
        this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::watch);
    }

    private void watch() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : tail.consumer().poll(Duration.ofMillis(200))) {
                    seen.accept(new String(record.key(), StandardCharsets.UTF_8), System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } finally {
            tail.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        tail.consumer().wakeup();
        thread.join(5_000);
    }
}
