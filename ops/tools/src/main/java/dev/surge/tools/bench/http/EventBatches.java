package dev.surge.tools.bench.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches of valid analytics events as POST /v1/events takes them (a JSON array), stamped now,
 * each with an id no earlier run used: the topology must count every one exactly once.
 */
final class EventBatches {

    static final int SIZE = 500;
    static final int SESSIONS = 10_000;
    private static final String[][] TYPES_AND_ACTIONS = {
            {"page_view", "view"}, {"product_view", "view"}, {"search", "query"}, {"add_to_cart", "click"},
            {"checkout", "pay"}};

    // Event ids are deduplicated for EVENTS_DEDUP_WINDOW: a second run within it must not reuse any.
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();

    byte[] next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String timestamp = Instant.now().toString();
        StringBuilder json = new StringBuilder(SIZE * 220).append('[');
        for (int i = 0; i < SIZE; i++) {
            int session = random.nextInt(SESSIONS);
            String[] typeAndAction = TYPES_AND_ACTIONS[random.nextInt(TYPES_AND_ACTIONS.length)];
            json.append(i == 0 ? "" : ",")
                    .append("{\"event_id\":\"bench-").append(run).append('-').append(sequence.getAndIncrement())
                    .append("\",\"session_id\":\"sess-").append(session)
                    .append("\",\"user_id\":\"user-").append(session % OrderChecks.USERS)
                    .append("\",\"event_type\":\"").append(typeAndAction[0])
                    .append("\",\"event_action\":\"").append(typeAndAction[1])
                    .append("\",\"metadata\":{\"page\":\"/sale\"},\"timestamp\":\"").append(timestamp).append("\"}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
