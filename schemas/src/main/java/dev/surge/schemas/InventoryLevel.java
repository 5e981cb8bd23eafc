package dev.surge.schemas;

import java.time.Instant;

/**
 * Stock of one item as the topology keeps it: {@code available} can still be reserved,
 * {@code reserved} is held by open reservations, {@code confirmed} is sold for good.
 * {@code supplied} counts every unit that SET and RESTOCK ever made available, so
 * reserved + confirmed ≤ supplied is the no-oversell invariant. {@code waitlisted} counts the
 * orders waiting in line for released units.
 */
public record InventoryLevel(String itemId, long available, long reserved, long supplied, Instant updatedAt,
                             long confirmed, long waitlisted) {

    public InventoryLevel(String itemId, long available, long reserved, long supplied, Instant updatedAt) {
        this(itemId, available, reserved, supplied, updatedAt, 0, 0);
    }

    public static InventoryLevel empty(String itemId) {
        return new InventoryLevel(itemId, 0, 0, 0, null);
    }

    public InventoryLevel set(long units, Instant at) {
        // SET replaces what is available; units above what was there count as newly supplied.
        long added = Math.max(0, units - available);
        return new InventoryLevel(itemId, units, reserved, supplied + added, at, confirmed, waitlisted);
    }

    public InventoryLevel restock(long units, Instant at) {
        return new InventoryLevel(itemId, available + units, reserved, supplied + units, at, confirmed, waitlisted);
    }

    public boolean canReserve(long units) {
        return available >= units;
    }

    public InventoryLevel reserve(long units, Instant at) {
        if (!canReserve(units)) {
            throw new IllegalStateException("cannot reserve " + units + " of " + itemId + ", available " + available);
        }
        return new InventoryLevel(itemId, available - units, reserved + units, supplied, at, confirmed, waitlisted);
    }

    /** A hold's units sold for good: still not available, no longer held. */
    public InventoryLevel confirm(long units, Instant at) {
        requireHeld(units);
        return new InventoryLevel(itemId, available, reserved - units, supplied, at, confirmed + units, waitlisted);
    }

    /** A hold's units back on sale (cancelled or expired). */
    public InventoryLevel release(long units, Instant at) {
        requireHeld(units);
        return new InventoryLevel(itemId, available + units, reserved - units, supplied, at, confirmed, waitlisted);
    }

    /** One more ({@code +1}) or one fewer ({@code -1}) order waiting in line. */
    public InventoryLevel waiting(int change, Instant at) {
        return new InventoryLevel(itemId, available, reserved, supplied, at, confirmed, Math.max(0, waitlisted + change));
    }

    private void requireHeld(long units) {
        if (units > reserved) {
            throw new IllegalStateException("cannot end a hold of " + units + " of " + itemId + ", held " + reserved);
        }
    }
}
