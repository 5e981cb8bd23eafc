package dev.surge.query;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.schemas.OrderResult;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * GET /v1/orders/{order_id}[?wait=5s | ?max_lag=N]: an order's result, long-polling while it has
 * none yet, or taken from a replica within the caller's lag ({@link StaleReads}).
 */
public final class OrderQueryService implements HttpService {

    private final OrderLookup orders;
    private final Duration maxWait;
    private final Waits waits;
    private final Replies replies;

    public OrderQueryService(OrderLookup orders, Duration maxWait, Waits waits, Forwarding forwarding) {
        this.orders = orders;
        this.maxWait = maxWait;
        this.waits = waits;
        this.replies = new Replies(forwarding);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/orders/{order_id}", ApiHandler.of(this::get))
                .any("/v1/orders/{order_id}", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void get(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        String orderId = req.path().pathParameters().get("order_id");
        Duration wait;
        try {
            wait = WaitParameter.parse(req.query().first("wait").asOptional(), maxWait);
        } catch (IllegalArgumentException e) {
            throw RequestRejected.invalidParameter("wait", e.getMessage());
        }
        StaleReads stale = StaleReads.of(req);
        if (stale.allowed() && !wait.isZero()) {
            throw RequestRejected.invalidParameter(StaleReads.PARAMETER, "a stale read does not wait: give either"
                    + " wait or max_lag");
        }
        QueryResult<OrderResult> result;
        try {
            Viewer viewer = Viewer.of(req);
            if (wait.isZero()) {
                result = orders.find(orderId, stale, viewer);
            } else {
                try (Waits.Place place = waits.take(Waits.holder(req))) {
                    result = orders.await(orderId, wait, viewer);
                }
            }
        } catch (InterruptedException e) {
            // The server is stopping this request's thread: answer as any stopping instance does.
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
        replies.send(req, res, result, stale, "order", orderId, correlationId, wait);
    }
}
