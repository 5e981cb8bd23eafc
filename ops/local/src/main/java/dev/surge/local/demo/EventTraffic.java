package dev.surge.local.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The shape of the demo's analytics traffic: sessions browsing the sale, some signed in. Most events
 * are new; a few are a client's retry of an event already sent (same event_id and body), a few
 * arrive two days late, a few are malformed. Drawn from a fixed seed per batch.
 */
record EventTraffic(int events, int sessions, int users, double anonymousShare, int batchSize, int senders,
                    Duration batchEvery, double duplicateShare, double lateShare, double malformedShare, long seed) {

    /** As fast as four clients go, after the sale: the throughput figure is the point. */
    static EventTraffic standard() {
        return new EventTraffic(300_000, 30_000, 20_000, 0.3, 500, 4, Duration.ZERO, 0.02, 0.005, 0.005, 7);
    }

    /**
     * Alongside the watch-paced sale, for as long as it sends orders: a batch of 100 every 250 ms
     * (400 events a second for 150 s), so that the metrics grow while one watches.
     */
    static EventTraffic watch() {
        return new EventTraffic(60_000, 6_000, 4_000, 0.3, 100, 4, Duration.ofMillis(250), 0.02, 0.005, 0.005, 7);
    }

    /** Whether the batches go out at a set pace (alongside a watched sale) rather than as fast as possible. */
    boolean paced() {
        return batchEvery.isPositive();
    }

    /** When batch {@code index} is due, after the first: at once when the traffic is not paced. */
    Duration sendAt(int index) {
        return batchEvery.multipliedBy(index);
    }

    int batches() {
        return (events + batchSize - 1) / batchSize;
    }

    /** What one planned event is for: counted today, a retry of an earlier one, late, or refused at the edge. */
    enum Kind { NEW, DUPLICATE, LATE, MALFORMED }

    record PlannedEvent(Kind kind, String eventId, String sessionId, String userId, String type, String action,
                        Instant timestamp, String json) {

        LocalDate day() {
            return LocalDate.ofInstant(timestamp, ZoneOffset.UTC);
        }
    }

    /**
     * Batch {@code index}'s events, stamped up to a minute before {@code now}. A duplicate is an event
     * already sent in an earlier batch, as {@code earlier} gives it (null before any was sent): the
     * topology must count it once.
     */
    List<PlannedEvent> batch(int index, Instant now, Function<Random, PlannedEvent> earlier) {
        Random random = new Random(seed * 1_000_003 + index);
        int first = index * batchSize;
        int size = Math.min(batchSize, events - first);
        List<PlannedEvent> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double roll = random.nextDouble();
            PlannedEvent event = newEvent(random, first + i, now);
            PlannedEvent retried = roll < duplicateShare ? earlier.apply(random) : null;
            if (retried != null) {
                batch.add(new PlannedEvent(Kind.DUPLICATE, retried.eventId(), retried.sessionId(), retried.userId(),
                        retried.type(), retried.action(), retried.timestamp(), retried.json()));
            } else if (roll < duplicateShare + lateShare) {
                Instant twoDaysAgo = event.timestamp().minus(Duration.ofDays(2));
                batch.add(new PlannedEvent(Kind.LATE, event.eventId(), event.sessionId(), event.userId(), event.type(),
                        event.action(), twoDaysAgo, json(event.eventId(), event.sessionId(), event.userId(),
                        event.type(), event.action(), twoDaysAgo)));
            } else if (roll < duplicateShare + lateShare + malformedShare) {
                // No event_type, and an event_action the schema refuses.
                batch.add(new PlannedEvent(Kind.MALFORMED, event.eventId(), event.sessionId(), null, null, null,
                        event.timestamp(), "{\"event_id\":\"" + event.eventId() + "\",\"session_id\":\""
                        + event.sessionId() + "\",\"event_action\":\"add to cart!\"}"));
            } else {
                batch.add(event);
            }
        }
        return batch;
    }

    /** Event {@code n}: its session, user, type and action from its own seed, so a retry rebuilds it. */
    private PlannedEvent newEvent(Random random, int n, Instant now) {
        int session = random.nextInt(sessions);
        String sessionId = "sess-" + session;
        // A session belongs to one user or none, whichever batch its events are in.
        Random sessionOwner = new Random(seed + session);
        String userId = sessionOwner.nextDouble() < anonymousShare ? null : "user-" + sessionOwner.nextInt(users);
        String[] typeAndAction = pickAction(random.nextDouble(), random.nextDouble());
        Instant timestamp = now.minusMillis(random.nextInt(60_000));
        String eventId = "ev-" + seed + "-" + n;
        return new PlannedEvent(Kind.NEW, eventId, sessionId, userId, typeAndAction[0], typeAndAction[1], timestamp,
                json(eventId, sessionId, userId, typeAndAction[0], typeAndAction[1], timestamp));
    }

    /** A sale's funnel: many views, fewer carts, fewer checkouts. */
    private static String[] pickAction(double type, double action) {
        if (type < 0.45) {
            return new String[] {"page_view", action < 0.8 ? "view" : "scroll"};
        } else if (type < 0.70) {
            return new String[] {"product_view", "view"};
        } else if (type < 0.80) {
            return new String[] {"search", "query"};
        } else if (type < 0.92) {
            return new String[] {"add_to_cart", "click"};
        }
        return new String[] {"checkout", action < 0.5 ? "step_1" : action < 0.8 ? "step_2" : "pay"};
    }

    private static String json(String eventId, String sessionId, String userId, String type, String action,
                               Instant timestamp) {
        return "{\"event_id\":\"" + eventId + "\",\"session_id\":\"" + sessionId + "\""
                + (userId == null ? "" : ",\"user_id\":\"" + userId + "\"")
                + ",\"event_type\":\"" + type + "\",\"event_action\":\"" + action + "\""
                + ",\"metadata\":{\"page\":\"/sale\"},\"timestamp\":\"" + timestamp + "\"}";
    }
}
