package dev.surge.query;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/** GET /v1/orders/{order_id}[?wait=5s]: an order's result, long-polling while it has none yet. */
public final class OrderQueryService implements HttpService {

    private final OrderLookup orders;
    private final Duration maxWait;

    public OrderQueryService(OrderLookup orders, Duration maxWait) {
        this.orders = orders;
        this.maxWait = maxWait;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/orders/{order_id}", this::get)
                .any("/v1/orders/{order_id}", Replies::methodNotAllowed);
    }

    private void get(ServerRequest req, ServerResponse res) throws InterruptedException {
        String correlationId = Replies.correlationId(req, res);
        String orderId = req.path().pathParameters().get("order_id");
        Duration wait;
        try {
            wait = WaitParameter.parse(req.query().first("wait").asOptional(), maxWait);
        } catch (IllegalArgumentException e) {
            Replies.error(res, Status.BAD_REQUEST_400, "invalid_request", e.getMessage(), correlationId);
            return;
        }
        var result = wait.isZero() ? orders.find(orderId) : orders.await(orderId, wait);
        Replies.send(req, res, result, "order", orderId, correlationId);
    }
}
