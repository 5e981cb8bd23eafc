package dev.surge.query.stream;

import dev.surge.schemas.InventoryLevel;

/**
 * One committed change of an item's stock, where the inventory changelog holds it.
 *
 * @param level the item's level after the change; null when the item's record was deleted
 */
public record Change(String itemId, int partition, long offset, InventoryLevel level) {
}
