package dev.surge.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Mirrors schemas/inventory-command.schema.json. Topic {@code inventory-commands}, key item_id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventoryCommand(String commandId, String itemId, Type type, long quantity, Instant issuedAt) {

    public enum Type {
        /** Makes {@code quantity} units available from now on, whatever was available before. */
        SET,
        /** Adds {@code quantity} units to what is available. */
        RESTOCK
    }
}
