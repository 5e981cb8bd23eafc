package dev.surge.query;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.schemas.InventoryLevel;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Function;

/** GET /v1/inventory/{item_id}: available and reserved units of an item. */
public final class InventoryQueryService implements HttpService {

    private final Function<String, QueryResult<InventoryLevel>> inventory;
    private final Replies replies;

    public InventoryQueryService(Function<String, QueryResult<InventoryLevel>> inventory, Forwarding forwarding) {
        this.inventory = inventory;
        this.replies = new Replies(forwarding);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/inventory/{item_id}", ApiHandler.of(this::get))
                .any("/v1/inventory/{item_id}", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void get(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        String itemId = req.path().pathParameters().get("item_id");
        replies.send(req, res, inventory.apply(itemId), "item", itemId, correlationId);
    }
}
