package dev.surge.schemas;

import java.time.Instant;

/**
 * Mirrors schemas/order-result.schema.json: the one outcome of a distinct order.
 * Topic {@code order-results}, key order_id.
 */
public record OrderResult(
        String orderId,
        String itemId,
        String userId,
        int quantity,
        OrderStatus status,
        String reason,
        String duplicateOf,
        Long remaining,
        String correlationId,
        Instant acceptedAt,
        Instant processedAt,
        String clientOrderId,
        String placedBy) {

    /** Reasons that accompany a status other than RESERVED. */
    public static final String UNKNOWN_ITEM = "UNKNOWN_ITEM";
    public static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";
    public static final String INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK";
    public static final String DUPLICATE_OF_ORDER = "DUPLICATE_OF_ORDER";
}
