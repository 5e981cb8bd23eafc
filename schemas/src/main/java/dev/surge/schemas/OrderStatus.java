package dev.surge.schemas;

import java.util.EnumSet;
import java.util.Set;

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

    /**
     * The statuses an order of this status can move to (above); none for a final one. Here, below
     * every module, so that the meters and the activity endpoint list the same moves.
     */
    public Set<OrderStatus> movesTo() {
        return switch (this) {
            case RESERVED -> EnumSet.of(CONFIRMED, CANCELLED, EXPIRED);
            case WAITLISTED -> EnumSet.of(RESERVED, CANCELLED, SOLD_OUT);
            default -> EnumSet.noneOf(OrderStatus.class);
        };
    }
}
