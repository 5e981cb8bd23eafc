package dev.surge.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Topic;
import dev.surge.schemas.Validated;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stock administration: {@code PUT /v1/admin/inventory/{item_id}} with {@code {"stock": n}} sets
 * the stock, {@code POST /v1/admin/inventory/{item_id}/restock} with {@code {"delta": n}} adds to it.
 * Both become an {@link InventoryCommand} on {@code inventory-commands}, checked against its schema.
 */
public final class InventoryAdminService implements HttpService {

    public static final String ITEM_PATH = "/v1/admin/inventory/{item_id}";
    public static final String RESTOCK_PATH = ITEM_PATH + "/restock";
    private static final Logger LOG = LoggerFactory.getLogger(InventoryAdminService.class);

    private final IngressContext context;

    public InventoryAdminService(IngressContext context) {
        this.context = context;
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
        context.rateLimits().checkCaller(request, response);
        JsonNode body = readObject(JsonBody.read(request, context.maxBodyBytes()));

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

        Topic<String, InventoryCommand> topic = context.topics().inventoryCommands();
        try {
            context.publisher().publish(topic.name(), command.itemId(),
                    topic.valueSerde().serializer().serialize(topic.name(), command),
                    Map.of(KafkaHeaders.CORRELATION_ID, correlationId));
        } catch (PublishFailedException e) {
            LOG.atWarn().addKeyValue("event", "inventory_command.not_queued").addKeyValue("item_id", command.itemId())
                    .log("inventory command {} not queued: {}", command.commandId(), e.getMessage());
            throw e.refusal("the inventory command could not be queued; retry later");
        }
        JsonBody.send(response, Status.ACCEPTED_202, new CommandQueued(command.commandId(), command.itemId(),
                command.type(), command.quantity(), "QUEUED", correlationId));
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

    record CommandQueued(String commandId, String itemId, InventoryCommand.Type type, long quantity,
                         String status, String correlationId) {
    }
}
