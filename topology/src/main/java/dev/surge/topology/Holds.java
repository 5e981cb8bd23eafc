package dev.surge.topology;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The open orders of one task, and every way they end. One store ({@link OrderStores#HOLDS}) keeps
 * three kinds of entry, so a change to an order is one store's change in the task's transaction:
 * <pre>
 *   h|order_id                  → {@link Hold}: the order's open result
 *   x|expiry (ms, 13 digits)|order_id → nothing: the holds by when they end, for the expiry scan
 *   w|item_id|position (19 digits)   → order_id: an item's line, in arrival order
 * </pre>
 * Every method runs on the task's thread, in the task's transaction: a confirm and an expiry of the
 * same order are never both applied, and a crash undoes a release together with its result.
 * Inventory levels change here together with the holds: held units go back (or are sold) exactly
 * once, because the hold they came from is deleted in the same step.
 */
final class Holds {

    private static final String HOLD = "h|";
    private static final String EXPIRY = "x|";
    private static final String LINE = "w|";
    /** Sorts after every character an id may hold ([A-Za-z0-9_-]): the end of a prefix range. */
    private static final String AFTER = "~";
    private static final byte[] NOTHING = new byte[0];
    /** Line entries read at once while serving it. */
    private static final int LINE_BATCH = 256;

    /** An order that moved: from which status, to which result. */
    record Moved(OrderStatus from, OrderResult result) {
    }

    private final KeyValueStore<String, byte[]> store;
    private final KeyValueStore<String, InventoryLevel> inventory;
    private final OrderSettings settings;

    Holds(KeyValueStore<String, byte[]> store, KeyValueStore<String, InventoryLevel> inventory,
          OrderSettings settings) {
        this.store = store;
        this.inventory = inventory;
        this.settings = settings;
    }

    /** When a hold made at {@code now} ends, or null when reservations do not expire. */
    Instant reservationEnds(Instant now) {
        return settings.reservationsExpire() ? now.plus(settings.reservationTtl()) : null;
    }

    /** When an order joining the line at {@code now} leaves it unserved. */
    Instant waitEnds(Instant now) {
        return now.plus(settings.waitlistTtl());
    }

    /** Whether the item's line has room for one more. */
    boolean lineHasRoom(InventoryLevel level) {
        return settings.waitlistEnabled() && level.waitlisted() < settings.waitlistMaxPerItem();
    }

    /** Remembers a RESERVED order's hold (the caller has already taken its units). */
    void held(OrderResult reserved) {
        open(new Hold(reserved, null));
    }

    /**
     * Puts a WAITLISTED order at the end of its item's line and counts it on the item's level.
     *
     * @param position the order record's offset: orders of one item share a partition, so offsets
     *                 are their arrival order
     */
    void waiting(OrderResult waitlisted, long position, InventoryLevel level) {
        String place = LINE + waitlisted.itemId() + "|" + pad(position, 19);
        store.put(place, waitlisted.orderId().getBytes(StandardCharsets.UTF_8));
        open(new Hold(waitlisted, place));
        inventory.put(level.itemId(), level.waiting(1, waitlisted.processedAt()));
    }

    /** The open order, if {@code orderId} names one of this item's. */
    Optional<Hold> find(String orderId, String itemId) {
        byte[] bytes = store.get(HOLD + orderId);
        if (bytes == null) {
            return Optional.empty();
        }
        Hold hold = Hold.from(bytes);
        return hold.result().itemId().equals(itemId) ? Optional.of(hold) : Optional.empty();
    }

    /**
     * Sells a reservation's units for good. A command sent ({@code sentAt}: when the broker took it)
     * once the hold had ended finds it ended, even before the expiry scan came by: the hold expires
     * now, and the command changes nothing else. Empty when the order holds nothing.
     */
    List<Moved> confirm(String orderId, String itemId, Instant now, Instant sentAt) {
        Optional<Hold> found = find(orderId, itemId);
        if (found.isEmpty()) {
            return List.of();
        }
        if (endedBy(found.get(), sentAt)) {
            return expire(found.get(), now);
        }
        if (found.get().result().status() != OrderStatus.RESERVED) {
            return List.of();
        }
        OrderResult held = found.get().result();
        close(found.get());
        InventoryLevel after = level(itemId).confirm(held.quantity(), now);
        inventory.put(itemId, after);
        return List.of(new Moved(OrderStatus.RESERVED,
                held.moved(OrderStatus.CONFIRMED, null, after.available(), now, null)));
    }

    /**
     * Gives a reservation's units back (and serves the line with them), or takes a waiting order
     * out of the line; a hold or wait that had ended when the command was sent expires instead, as
     * for {@link #confirm}. Empty when the order is not open.
     */
    List<Moved> cancel(String orderId, String itemId, Instant now, Instant sentAt) {
        Optional<Hold> found = find(orderId, itemId);
        if (found.isEmpty()) {
            return List.of();
        }
        if (endedBy(found.get(), sentAt)) {
            return expire(found.get(), now);
        }
        List<Moved> moved = new ArrayList<>();
        moved.add(end(found.get(), OrderStatus.CANCELLED, null, now));
        moved.addAll(serveLine(itemId, now, sentAt));
        return moved;
    }

    /**
     * Ends up to {@code max} holds and waits whose time came by {@code now}: reservations EXPIRED,
     * waiting orders SOLD_OUT (WAITLIST_EXPIRED); the units released serve each item's line.
     */
    List<Moved> expireDue(Instant now, int max) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.range(EXPIRY, EXPIRY + pad(now.toEpochMilli(), 13) + AFTER)) {
            while (entries.hasNext() && due.size() < max) {
                due.add(entries.next().key);
            }
        }
        // In time order, each release serving its line at once: after downtime, a waiting order
        // still gets the units a hold that ended before its own wait released.
        List<Moved> moved = new ArrayList<>();
        for (String key : due) {
            byte[] bytes = store.get(HOLD + key.substring(key.lastIndexOf('|') + 1));
            if (bytes == null) {
                continue;
            }
            Hold hold = Hold.from(bytes);
            if (!key.equals(expiryKey(hold.result()))) {
                continue; // served from the line in this very scan: its wait ended, its new hold did not
            }
            moved.addAll(expire(hold, now));
        }
        return moved;
    }

    /** A reservation EXPIRED (its units serving the line), or a wait SOLD_OUT (WAITLIST_EXPIRED). */
    private List<Moved> expire(Hold hold, Instant now) {
        if (hold.result().status() != OrderStatus.RESERVED) {
            return List.of(end(hold, OrderStatus.SOLD_OUT, OrderResult.WAITLIST_EXPIRED, now));
        }
        List<Moved> moved = new ArrayList<>();
        moved.add(end(hold, OrderStatus.EXPIRED, null, now));
        // Judged as of when the hold ended: a scan that comes late still serves the waits that were on then.
        moved.addAll(serveLine(hold.result().itemId(), now, hold.result().expiresAt()));
        return moved;
    }

    private static boolean endedBy(Hold hold, Instant at) {
        Instant ends = hold.result().expiresAt();
        return ends != null && !at.isBefore(ends);
    }

    /** How many holds and waits end within {@code window} of {@code now}, counted up to {@code max}. */
    int endingWithin(Instant now, Duration window, int max) {
        int count = 0;
        try (KeyValueIterator<String, byte[]> entries = store.range(EXPIRY,
                EXPIRY + pad(now.plus(window).toEpochMilli(), 13) + AFTER)) {
            while (entries.hasNext() && count < max) {
                entries.next();
                count++;
            }
        }
        return count;
    }

    /**
     * Gives the item's available units to the orders waiting in line, earliest first: each one the
     * units satisfy becomes RESERVED with a hold of its own; one that asks for more than is left
     * keeps its place while later, smaller ones are served. A waiting order whose wait had run out
     * by {@code releasedAt}, when the units came free, leaves the line unserved instead.
     */
    List<Moved> serveLine(String itemId, Instant now, Instant releasedAt) {
        InventoryLevel level = inventory.get(itemId);
        if (level == null || level.waitlisted() == 0 || level.available() == 0) {
            return List.of();
        }
        List<Moved> moved = new ArrayList<>();
        String from = LINE + itemId + "|";
        String end = from + AFTER;
        String passed = null;
        // In batches, so that one release reads only as far down the line as its units go.
        while (level.available() > 0) {
            List<String> batch = new ArrayList<>();
            String last = null;
            try (KeyValueIterator<String, byte[]> entries = store.range(from, end)) {
                while (entries.hasNext() && batch.size() < LINE_BATCH) {
                    var entry = entries.next();
                    if (!entry.key.equals(passed)) {
                        batch.add(new String(entry.value, StandardCharsets.UTF_8));
                        last = entry.key;
                    }
                }
            }
            if (batch.isEmpty()) {
                break;
            }
            for (String orderId : batch) {
                if (level.available() == 0) {
                    break;
                }
                byte[] bytes = store.get(HOLD + orderId);
                Hold waiting = bytes == null ? null : Hold.from(bytes);
                if (waiting == null) {
                    continue;
                }
                if (endedBy(waiting, releasedAt)) {
                    // Its wait ran out before the units came free (the expiry scan was not there yet).
                    inventory.put(itemId, level);
                    moved.add(end(waiting, OrderStatus.SOLD_OUT, OrderResult.WAITLIST_EXPIRED, now));
                    level = inventory.get(itemId);
                    continue;
                }
                if (!level.canReserve(waiting.result().quantity())) {
                    continue;
                }
                close(waiting);
                level = level.reserve(waiting.result().quantity(), now).waiting(-1, now);
                OrderResult reserved = waiting.result().moved(OrderStatus.RESERVED, OrderResult.FROM_WAITLIST,
                        level.available(), now, reservationEnds(now));
                held(reserved);
                moved.add(new Moved(OrderStatus.WAITLISTED, reserved));
            }
            // The batch's last entry, if still in line (too large for the units left), is where the next starts.
            from = last;
            passed = last;
        }
        inventory.put(itemId, level);
        return moved;
    }

    /** Closes an open order: a reservation's units go back, a waiting order leaves the line. */
    private Moved end(Hold hold, OrderStatus to, String reason, Instant now) {
        OrderResult open = hold.result();
        close(hold);
        InventoryLevel level = level(open.itemId());
        InventoryLevel after = open.status() == OrderStatus.RESERVED
                ? level.release(open.quantity(), now) : level.waiting(-1, now);
        inventory.put(open.itemId(), after);
        return new Moved(open.status(), open.moved(to, reason, after.available(), now, null));
    }

    private void open(Hold hold) {
        OrderResult result = hold.result();
        store.put(HOLD + result.orderId(), hold.toBytes());
        if (result.expiresAt() != null) {
            store.put(expiryKey(result), NOTHING);
        }
    }

    private void close(Hold hold) {
        OrderResult result = hold.result();
        store.delete(HOLD + result.orderId());
        if (result.expiresAt() != null) {
            store.delete(expiryKey(result));
        }
        if (hold.place() != null) {
            store.delete(hold.place());
        }
    }

    private InventoryLevel level(String itemId) {
        InventoryLevel level = inventory.get(itemId);
        if (level == null) {
            throw new IllegalStateException("an open order of item " + itemId + " but no inventory level");
        }
        return level;
    }

    private static String expiryKey(OrderResult result) {
        if (result.expiresAt() == null) {
            return null;
        }
        return EXPIRY + pad(result.expiresAt().toEpochMilli(), 13) + "|" + result.orderId();
    }

    private static String pad(long number, int width) {
        String digits = Long.toString(number);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
