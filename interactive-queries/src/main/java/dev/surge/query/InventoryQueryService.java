package dev.surge.query;

import com.fasterxml.jackson.databind.JavaType;
import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GET /v1/inventory/{item_id}[?max_lag=N]: available and reserved units of an item ({@link StaleReads}). GET /v1/inventory: every
 * item, a page at a time in id order ({@code ?prefix=&limit=&cursor=}), gathered from every instance.
 */
public final class InventoryQueryService implements HttpService {

    /** A page of this instance's items: the first {@code limit} with the prefix after the cursor. */
    @FunctionalInterface
    public interface Pages {
        QueryResult<List<InventoryLevel>> page(String prefix, String after, int limit);
    }

    private static final Set<String> PARAMETERS = Set.of("prefix", "limit", "cursor");
    /** As the schemas' item id, prefixes included (empty: every item). */
    private static final Pattern ID_PART = Pattern.compile("[A-Za-z0-9_-]{0,64}");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final JavaType PAGE = Json.MAPPER.constructType(InventoryPage.class);

    /** One item: found here, or named by its owner. */
    @FunctionalInterface
    public interface InventoryLookup {
        QueryResult<InventoryLevel> find(String itemId, StaleReads stale);
    }

    private final InventoryLookup inventory;
    private final Pages pages;
    private final Replies replies;
    private final Gathering gathering;

    public InventoryQueryService(InventoryLookup inventory, Pages pages, Forwarding forwarding, Gathering gathering) {
        this.inventory = inventory;
        this.pages = pages;
        this.replies = new Replies(forwarding);
        this.gathering = gathering;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/inventory/{item_id}", ApiHandler.of(this::get))
                .any("/v1/inventory/{item_id}", HttpErrors.methodNotAllowed(Method.GET))
                .get("/v1/inventory", ApiHandler.of(this::list))
                .any("/v1/inventory", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void get(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        String itemId = req.path().pathParameters().get("item_id");
        StaleReads stale = StaleReads.of(req);
        replies.send(req, res, inventory.find(itemId, stale), stale, "item", itemId, correlationId, Duration.ZERO);
    }

    private void list(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        for (String name : req.query().names()) {
            if (!PARAMETERS.contains(name)) {
                throw RequestRejected.invalidParameter(name, "not a parameter of this query; known: prefix, limit, cursor");
            }
        }
        String prefix = idPart(req, "prefix").orElse("");
        String cursor = idPart(req, "cursor").orElse(null);
        int limit = limit(req);
        QueryResult<List<InventoryLevel>> local = pages.page(prefix, cursor, limit);
        if (!(local instanceof QueryResult.Found<List<InventoryLevel>> found)) {
            replies.send(req, res, local, "inventory", prefix, correlationId);
            return;
        }
        Optional<FanOut.Gathered<InventoryPage>> others = gathering.askOthers(req, correlationId, PAGE);
        List<InventoryLevel> items = new ArrayList<>(found.value());
        List<String> missing = List.of();
        if (others.isPresent()) {
            others.get().answers().forEach(page -> items.addAll(page.items()));
            missing = others.get().missing();
        }
        gathering.send(res, InventoryPage.of(items, limit, missing), missing);
    }

    private static Optional<String> idPart(ServerRequest req, String name) throws RequestRejected {
        Optional<String> value = req.query().first(name).asOptional();
        if (value.isPresent() && !ID_PART.matcher(value.get()).matches()) {
            throw RequestRejected.invalidParameter(name, "'" + value.get() + "' is not part of an item id"
                    + " (letters, digits, '_' and '-', at most 64)");
        }
        return value;
    }

    private static int limit(ServerRequest req) throws RequestRejected {
        Optional<String> raw = req.query().first("limit").asOptional();
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below, as any other bad value.
        }
        throw RequestRejected.invalidParameter("limit", "'" + raw.get() + "' is not a whole number from 1 to "
                + MAX_LIMIT);
    }
}
