package dev.surge.ingress;

import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderRequest;
import dev.surge.schemas.Topic;
import dev.surge.schemas.Validated;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/orders}: checks an order and queues it on the {@code orders} topic. The 202 is
 * sent only after the broker acknowledged the record, so an accepted order cannot be lost; the
 * order's outcome is decided later by the topology and read at the {@code Location} given.
 */
public final class OrderIngressService implements HttpService {

    public static final String PATH = "/v1/orders";
    private static final Logger LOG = LoggerFactory.getLogger(OrderIngressService.class);

    private final IngressContext context;

    public OrderIngressService(IngressContext context) {
        this.context = context;
    }

    @Override
    public void routing(HttpRules rules) {
        // Only the exact path: GET /v1/orders/{order_id} belongs to the read side.
        rules.post(PATH, ApiHandler.of(this::accept))
                .any(PATH, HttpErrors.methodNotAllowed(Method.POST));
    }

    private void accept(ServerRequest request, ServerResponse response, String correlationId)
            throws RequestRejected {
        Optional<String> idempotencyKey = IdempotencyKey.of(request);
        byte[] body = JsonBody.read(request, context.maxBodyBytes());
        OrderRequest order = switch (context.validator().order(body)) {
            case Validated.Valid<OrderRequest> valid -> valid.value();
            case Validated.Invalid<OrderRequest> invalid -> throw invalid.notJson()
                    ? RequestRejected.invalidJson(invalid.errors())
                    : RequestRejected.invalid(invalid.errors());
        };
        if (order.orderId() == null) {
            order = order.withOrderId(UUID.randomUUID().toString());
        }

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KafkaHeaders.CORRELATION_ID, correlationId);
        idempotencyKey.ifPresent(key -> headers.put(KafkaHeaders.IDEMPOTENCY_KEY, key));
        Topic<String, OrderRequest> topic = context.topics().orders();
        try {
            context.publisher().publish(topic.name(), order.itemId(),
                    topic.valueSerde().serializer().serialize(topic.name(), order), headers);
        } catch (PublishFailedException e) {
            LOG.warn("order {} not queued (correlation id {}): {}", order.orderId(), correlationId, e.getMessage());
            throw RequestRejected.unavailable("the order could not be queued; retry with the same Idempotency-Key");
        }

        response.header(HeaderNames.LOCATION, PATH + "/" + order.orderId());
        JsonBody.send(response, Status.ACCEPTED_202, new OrderQueued(order.orderId(), "QUEUED", correlationId));
    }

    record OrderQueued(String orderId, String status, String correlationId) {
    }
}
