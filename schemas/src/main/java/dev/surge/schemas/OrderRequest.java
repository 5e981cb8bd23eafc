package dev.surge.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Mirrors schemas/order-request.schema.json. Topic {@code orders}, key item_id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderRequest(String orderId, String userId, String itemId, int quantity, String clientOrderId,
                           String placedBy, Boolean waitlist) {

    /** The prefix of the ids Surge derives for orders written without one; nobody else may use it. */
    public static final String DERIVED_ID_PREFIX = "kafka-";

    public OrderRequest(String orderId, String userId, String itemId, int quantity) {
        this(orderId, userId, itemId, quantity, null, null, null);
    }

    public OrderRequest(String orderId, String userId, String itemId, int quantity, String clientOrderId,
                        String placedBy) {
        this(orderId, userId, itemId, quantity, clientOrderId, placedBy, null);
    }

    public OrderRequest withOrderId(String id) {
        return new OrderRequest(id, userId, itemId, quantity, clientOrderId, placedBy, waitlist);
    }

    public OrderRequest placedBy(String keyId) {
        return new OrderRequest(orderId, userId, itemId, quantity, clientOrderId, keyId, waitlist);
    }

    /** Whether the order asked to wait in line when the item is sold out. */
    public boolean waits() {
        return Boolean.TRUE.equals(waitlist);
    }
}
