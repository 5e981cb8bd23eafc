package dev.surge.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.surge.schemas.InventoryLevel;
import java.util.List;

/**
 * One page of {@code GET /v1/inventory}: items in id order after the cursor, and the cursor of the
 * next page (absent on the last). Gathered from several instances, it says when one did not answer.
 */
public record InventoryPage(
        List<InventoryLevel> items,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missing) {

    public InventoryPage {
        items = List.copyOf(items);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /**
     * The first {@code limit} of {@code items} (in id order) as a page: a next cursor when more may follow.
     */
    static InventoryPage of(List<InventoryLevel> items, int limit, List<String> missing) {
        List<InventoryLevel> page = items.stream()
                .sorted((a, b) -> a.itemId().compareTo(b.itemId())).limit(limit).toList();
        // A full page may be followed by more; a short one is the last.
        String next = page.size() == limit ? page.getLast().itemId() : null;
        return new InventoryPage(page, next, missing.isEmpty() ? null : Boolean.TRUE, missing);
    }
}
