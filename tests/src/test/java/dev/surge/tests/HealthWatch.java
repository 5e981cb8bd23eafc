package dev.surge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads /health a few times a second and keeps each change of what the kafka and circuit_breaker
 * components say, with when: the story an operator would have seen, for a test to print.
 */
final class HealthWatch implements AutoCloseable {

    /** What health said from {@code atNanos} on. */
    record Change(long atNanos, String kafka, String breaker) {
    }

    private final RunningSurge surge;
    private final List<Change> changes = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    private HealthWatch(RunningSurge surge) {
        this.surge = surge;
        this.thread = Thread.ofPlatform().daemon().name("health-watch").start(this::watch);
    }

    static HealthWatch start(RunningSurge surge) {
        return new HealthWatch(surge);
    }

    private void watch() {
        while (!stop.get()) {
            try {
                JsonNode components = Json.MAPPER.readTree(surge.get("/health").body()).path("components");
                JsonNode kafka = components.path("kafka");
                // The breaker's detail carries a failure rate that moves all the time: its state word says enough.
                String breaker = components.path("circuit_breaker").path("detail").asText().split("[ ,:]")[0];
                String said = kafka.path("status").asText() + " " + kafka.path("detail").asText();
                synchronized (changes) {
                    Change last = changes.isEmpty() ? null : changes.getLast();
                    if (last == null || !last.kafka().equals(said) || !last.breaker().equals(breaker)) {
                        changes.add(new Change(System.nanoTime(), said, breaker));
                    }
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // A read that failed says nothing new; the next one may.
            }
        }
    }

    /** Every change, one a line, timed from {@code originNanos}. */
    String timeline(long originNanos) {
        StringBuilder lines = new StringBuilder();
        synchronized (changes) {
            for (Change change : changes) {
                lines.append(String.format(Locale.ROOT, "  %+7.1f s  breaker %-9s kafka %s%n",
                        (change.atNanos() - originNanos) / 1e9, change.breaker(), change.kafka()));
            }
        }
        return lines.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
    }
}
