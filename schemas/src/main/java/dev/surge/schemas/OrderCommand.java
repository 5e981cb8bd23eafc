package dev.surge.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Mirrors schemas/order-command.schema.json. Topic {@code order-commands}, key item_id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderCommand(String commandId, String orderId, String itemId, Type type, Instant issuedAt) {

    public enum Type {
        /** Payment captured: the reservation's units are sold for good. */
        CONFIRM,
        /** The buyer gives up: a reservation's units go back, a waiting order leaves the line. */
        CANCEL
    }
}
