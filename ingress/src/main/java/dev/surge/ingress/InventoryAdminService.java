package dev.surge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.IdempotencyKey;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Principal;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.MessageValidator;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stock administration: {@code PUT /v1/admin/inventory/{item_id}} with {@code {"stock": n}} sets
 * the stock, {@code POST /v1/admin/inventory/{item_id}/restock} with {@code {"delta": n}} adds to it.
 * Both become an {@link InventoryCommand} on {@code inventory-commands}, checked against its schema.
 * Both take an {@code Idempotency-Key} as orders do: a retried restock must not add its units twice.
 * Each accepted command is audited ({@link AdminAudit}) with the caller's key id.
 */
public final class InventoryAdminService implements HttpService {

    public static final String ITEM_PATH = "/v1/admin/inventory/{item_id}";
    public static final String RESTOCK_PATH = ITEM_PATH + "/restock";
    private static final Logger LOG = LoggerFactory.getLogger(InventoryAdminService.class);

    private final IngressContext context;
    private final AdminAudit auditTrail;

    public InventoryAdminService(IngressContext context) {
        this.context = context;
        this.auditTrail = new AdminAudit(context.publisher(), context.topics().audit());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put(ITEM_PATH, ApiHandler.of((request, response, correlationId) ->
                        command(request, response, correlationId, InventoryCommand.Type.SET, "stock")))
                .any(ITEM_PATH, HttpErrors.methodNotAllowed(Method.PUT))
                .post(RESTOCK_PATH, ApiHandler.of((request, response, correlationId) ->
                        command(request, response, correlationId, InventoryCommand.Type.RESTOCK, "delta")))
                .any(RESTOCK_PATH, HttpErrors.methodNotAllowed(Method.POST));
    }

    /** @param amountField the body's name for the command's quantity, used in error details too */
    private void command(ServerRequest request, ServerResponse response, String correlationId,
                         InventoryCommand.Type type, String amountField) throws RequestRejected {
        String itemId = request.path().pathParameters().get("item_id");
        Optional<String> idempotencyKey = IdempotencyKey.of(request);
        context.rateLimits().checkCaller(request, response);
        InventoryCommand command = parse(JsonBody.read(request, context.maxBodyBytes()), itemId, type, amountField);

        // What the command means, without its fresh id and time: a retry of it is the same request.
        byte[] meaning = Json.toBytes(new Requested(command.itemId(), command.type(), command.quantity()));
        if (!(context.idempotency().begin(request, response, "inventory-" + type.name().toLowerCase(Locale.ROOT),
                idempotencyKey, () -> meaning) instanceof IdempotencyGuard.Proceed proceed)) {
            return; // the first answer was replayed; nothing published, nothing audited again
        }
        AuditRecord audit = audit(request, command, idempotencyKey, correlationId);
        Topic<String, InventoryCommand> topic = context.topics().inventoryCommands();
        try {
            context.publisher().publish(topic.name(), command.itemId(),
                    topic.valueSerde().serializer().serialize(topic.name(), command),
                    Map.of(KafkaHeaders.CORRELATION_ID, correlationId));
        } catch (PublishFailedException e) {
            context.idempotency().release(proceed);
            auditTrail.failed(audit, e.getMessage());
            LOG.atWarn().addKeyValue("event", "inventory_command.not_queued").addKeyValue("item_id", command.itemId())
                    .log("inventory command {} not queued: {}", command.commandId(), e.getMessage());
            throw e.refusal("the inventory command could not be queued; retry with the same Idempotency-Key");
        }
        auditTrail.done(audit);
        byte[] answer = Json.toBytes(new CommandQueued(command.commandId(), command.itemId(), command.type(),
                command.quantity(), "QUEUED", correlationId));
        context.idempotency().complete(proceed, Status.ACCEPTED_202,
                Map.of(HeaderNames.CONTENT_TYPE.defaultCase(), MediaTypes.APPLICATION_JSON_VALUE), answer);
        JsonBody.send(response, Status.ACCEPTED_202, answer);
    }

    /** The command from path and body, checked by the schema the topology applies. */
    private InventoryCommand parse(byte[] bytes, String itemId, InventoryCommand.Type type, String amountField)
            throws RequestRejected {
        JsonNode body = readObject(bytes);
        // The command is assembled from path and body, then checked by the same schema the topology
        // applies, so the item id pattern and the quantity bounds cannot drift between the two.
        ObjectNode candidate = Json.MAPPER.createObjectNode()
                .put("command_id", UUID.randomUUID().toString())
                .put("item_id", itemId)
                .put("type", type.name())
                .put("issued_at", Instant.now().toString());
        List<FieldError> errors = new ArrayList<>();
        body.properties().forEach(field -> {
            if (field.getKey().equals(amountField)) {
                candidate.set("quantity", field.getValue());
            } else {
                errors.add(new FieldError(field.getKey(), "is not a known field"));
            }
        });
        InventoryCommand command = null;
        switch (context.validator().inventoryCommand(candidate)) {
            case Validated.Valid<InventoryCommand> valid -> command = valid.value();
            case Validated.Invalid<InventoryCommand> invalid -> invalid.errors().forEach(error ->
                    errors.add(error.field().equals("quantity") ? new FieldError(amountField, error.message()) : error));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw RequestRejected.invalid(errors);
        }
        return command;
    }

    private static AuditRecord audit(ServerRequest request, InventoryCommand command, Optional<String> idempotencyKey,
                                     String correlationId) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("quantity", String.valueOf(command.quantity()));
        details.put("command_id", command.commandId());
        idempotencyKey.ifPresent(key -> details.put("idempotency_key", key));
        return AuditRecord.of(command.issuedAt(), Principal.of(request).keyId(),
                command.type() == InventoryCommand.Type.SET ? AuditRecord.Action.STOCK_SET : AuditRecord.Action.RESTOCK,
                Map.of("item_id", command.itemId()), details, correlationId, AuditRecord.Outcome.DONE);
    }

    private static JsonNode readObject(byte[] body) throws RequestRejected {
        JsonNode node = switch (MessageValidator.parse(body)) {
            case Validated.Valid<JsonNode> valid -> valid.value();
            case Validated.Invalid<JsonNode> invalid -> throw RequestRejected.invalidJson(invalid.errors());
        };
        if (!node.isObject()) {
            throw RequestRejected.invalid(List.of(new FieldError("", "must be a JSON object")));
        }
        return node;
    }

    /** The idempotency fingerprint of a stock command. */
    record Requested(String itemId, InventoryCommand.Type type, long quantity) {
    }

    record CommandQueued(String commandId, String itemId, InventoryCommand.Type type, long quantity,
                         String status, String correlationId) {
    }
}
