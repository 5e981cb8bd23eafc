package dev.surge.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Mirrors schemas/order-request.schema.json. Topic {@code orders}, key item_id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderRequest(String orderId, String userId, String itemId, int quantity) {

    public OrderRequest withOrderId(String id) {
        return new OrderRequest(id, userId, itemId, quantity);
    }
}
