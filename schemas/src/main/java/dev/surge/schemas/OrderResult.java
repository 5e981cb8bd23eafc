package dev.surge.schemas;

import java.time.Instant;

/**
 * Mirrors schemas/order-result.schema.json: where a distinct order stands (each change is a new record).
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
        String placedBy,
        Instant expiresAt) {

    /** Reasons that accompany a status other than RESERVED. */
    public static final String UNKNOWN_ITEM = "UNKNOWN_ITEM";
    public static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";
    public static final String INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK";
    public static final String DUPLICATE_OF_ORDER = "DUPLICATE_OF_ORDER";
    /** SOLD_OUT after waiting in line for WAITLIST_TTL without being served. */
    public static final String WAITLIST_EXPIRED = "WAITLIST_EXPIRED";
    /** RESERVED for a waiting order that released or restocked units served. */
    public static final String FROM_WAITLIST = "FROM_WAITLIST";

    /** The same order moved on: a new status, reason and expiry, decided at {@code at}. */
    public OrderResult moved(OrderStatus to, String why, Long left, Instant at, Instant expires) {
        return new OrderResult(orderId, itemId, userId, quantity, to, why, null, left, correlationId, acceptedAt, at,
                clientOrderId, placedBy, expires);
    }
}
