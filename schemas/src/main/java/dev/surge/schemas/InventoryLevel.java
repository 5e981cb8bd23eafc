package dev.surge.schemas;

import java.time.Instant;

/**
 * Stock of one item as the topology keeps it: {@code available} can still be reserved,
 * {@code reserved} has been promised to orders. {@code supplied} counts every unit that SET
 * and RESTOCK ever made available, so reserved ≤ supplied is the no-oversell invariant.
 */
public record InventoryLevel(String itemId, long available, long reserved, long supplied, Instant updatedAt) {

    public static InventoryLevel empty(String itemId) {
        return new InventoryLevel(itemId, 0, 0, 0, null);
    }

    public InventoryLevel set(long units, Instant at) {
        // SET replaces what is available; units above what was there count as newly supplied.
        long added = Math.max(0, units - available);
        return new InventoryLevel(itemId, units, reserved, supplied + added, at);
    }

    public InventoryLevel restock(long units, Instant at) {
        return new InventoryLevel(itemId, available + units, reserved, supplied + units, at);
    }

    public boolean canReserve(long units) {
        return available >= units;
    }

    public InventoryLevel reserve(long units, Instant at) {
        if (!canReserve(units)) {
            throw new IllegalStateException("cannot reserve " + units + " of " + itemId + ", available " + available);
        }
        return new InventoryLevel(itemId, available - units, reserved + units, supplied, at);
    }
}
