package dev.surge.ingress;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.IdempotencyKey;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Principal;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderRequest;
import dev.surge.schemas.Topic;
import dev.surge.schemas.Validated;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        rules.post(PATH, ApiHandler.of(this::counted))
                .any(PATH, HttpErrors.methodNotAllowed(Method.POST));
    }

    /** Every order reaching the handler ends in one outcome counter (see {@link IngressMetrics}). */
    private void counted(ServerRequest request, ServerResponse response, String correlationId)
            throws RequestRejected {
        IngressMetrics metrics = context.metrics();
        metrics.orderReceived();
        try {
            if (accept(request, response, correlationId)) {
                metrics.orderQueued();
            } else {
                metrics.orderReplayed();
            }
        } catch (RequestRejected rejected) {
            metrics.orderRefused(rejected.status().code());
            throw rejected;
        } catch (RuntimeException e) {
            metrics.orderRefused(500);
            throw e;
        }
    }

    /** @return true when the order was queued, false when a stored answer was replayed */
    private boolean accept(ServerRequest request, ServerResponse response, String correlationId)
            throws RequestRejected {
        Optional<String> idempotencyKey = IdempotencyKey.of(request);
        context.rateLimits().checkCaller(request, response);
        byte[] body = JsonBody.read(request, context.maxBodyBytes());
        OrderRequest order = switch (context.validator().order(body)) {
            case Validated.Valid<OrderRequest> valid -> valid.value();
            case Validated.Invalid<OrderRequest> invalid -> throw invalid.notJson()
                    ? RequestRejected.invalidJson(invalid.errors())
                    : RequestRejected.invalid(invalid.errors());
        };
        context.rateLimits().checkUser(response, order.userId());
        refuseFieldsOfOurs(order);
        // The client's own reference stands in for an Idempotency-Key it did not send.
        Optional<String> identity = idempotencyKey.or(() -> Optional.ofNullable(order.clientOrderId())
                .map(reference -> "client_order_id:" + reference));

        // The parsed order, re-serialized, is the fingerprint: spacing and field order do not make a new body.
        if (!(context.idempotency().begin(request, response, "orders", identity, () -> Json.toBytes(order))
                instanceof IdempotencyGuard.Proceed proceed)) {
            return false; // the stored answer was replayed
        }
        String keyId = Principal.of(request).keyId();
        OrderRequest placed = order.withOrderId(UUID.randomUUID().toString()).placedBy(keyId);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KafkaHeaders.CORRELATION_ID, correlationId);
        identity.ifPresent(key -> headers.put(KafkaHeaders.IDEMPOTENCY_KEY, IdempotencyKey.scoped(keyId, key)));
        Topic<String, OrderRequest> topic = context.topics().orders();
        try {
            context.publisher().publish(topic.name(), placed.itemId(),
                    topic.valueSerde().serializer().serialize(topic.name(), placed), headers);
        } catch (PublishFailedException e) {
            context.idempotency().release(proceed);
            LOG.atWarn().addKeyValue("event", "order.not_queued").addKeyValue("order_id", placed.orderId())
                    .addKeyValue("item_id", placed.itemId()).log("order not queued: {}", e.getMessage());
            throw e.refusal("the order could not be queued; retry with the same Idempotency-Key");
        }

        String location = PATH + "/" + placed.orderId();
        byte[] answer = Json.toBytes(new OrderQueued(placed.orderId(), "QUEUED", correlationId));
        context.idempotency().complete(proceed, Status.ACCEPTED_202, Map.of(HeaderNames.LOCATION.defaultCase(), location,
                HeaderNames.CONTENT_TYPE.defaultCase(), MediaTypes.APPLICATION_JSON_VALUE),
                answer);
        LOG.atDebug().addKeyValue("event", "placed.accepted").addKeyValue("order_id", placed.orderId())
                .addKeyValue("user_id", placed.userId()).addKeyValue("item_id", placed.itemId())
                .log("order queued");
        response.header(HeaderNames.LOCATION, location);
        JsonBody.send(response, Status.ACCEPTED_202, answer);
        return true;
    }

    /** order_id and placed_by are ours to write: a client that could choose them could take another's row. */
    private static void refuseFieldsOfOurs(OrderRequest order) throws RequestRejected {
        List<FieldError> errors = new ArrayList<>();
        if (order.orderId() != null) {
            errors.add(new FieldError("order_id", "is assigned by Surge; send your own reference as client_order_id"));
        }
        if (order.placedBy() != null) {
            errors.add(new FieldError("placed_by", "is set by Surge to the API key's id"));
        }
        if (!errors.isEmpty()) {
            throw RequestRejected.invalid(errors);
        }
    }

    record OrderQueued(String orderId, String status, String correlationId) {
    }
}
