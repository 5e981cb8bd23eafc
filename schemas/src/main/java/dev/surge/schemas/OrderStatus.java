package dev.surge.schemas;

/**
 * What became of an order. RESERVED and WAITLISTED are still open; every other status is final.
 * An order's record on order-results changes as it moves: RESERVED → CONFIRMED | CANCELLED |
 * EXPIRED, WAITLISTED → RESERVED | CANCELLED | SOLD_OUT.
 */
public enum OrderStatus {
    RESERVED, SOLD_OUT, REJECTED, DUPLICATE, WAITLISTED, CONFIRMED, CANCELLED, EXPIRED;

    /** Whether the order may still change: a hold, or a place in line. */
    public boolean open() {
        return this == RESERVED || this == WAITLISTED;
    }
}
