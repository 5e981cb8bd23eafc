package dev.surge.node;

import dev.surge.http.RequestRejected;
import dev.surge.ingress.PublishFailedException;
import dev.surge.ingress.RecordPublisher;
import dev.surge.query.OrderCommands;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.Topic;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's order commands onto order-commands, keyed by item_id so that each reaches the
 * task that holds its order, through the node's producer (behind its circuit breaker). A command
 * the broker did not acknowledge is a 503, as an order the ingress could not queue is.
 */
final class PublishedOrderCommands implements OrderCommands {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedOrderCommands.class);

    private final RecordPublisher publisher;
    private final Topic<String, OrderCommand> topic;

    PublishedOrderCommands(RecordPublisher publisher, Topic<String, OrderCommand> topic) {
        this.publisher = publisher;
        this.topic = topic;
    }

    @Override
    public void send(OrderCommand command, Map<String, String> headers) throws RequestRejected {
        try {
            publisher.publish(topic.name(), command.itemId(), topic.valueSerde().serializer().serialize(topic.name(),
                    command), headers);
        } catch (PublishFailedException e) {
            LOG.atWarn().addKeyValue("event", "order_command.not_sent").addKeyValue("order_id", command.orderId())
                    .addKeyValue("item_id", command.itemId()).addKeyValue("command", command.type().name())
                    .log("order command not sent: {}", e.getMessage());
            throw e.refusal("the " + command.type().name().toLowerCase(Locale.ROOT) + " could not be sent; retry"
                    + " (the order's state decides the answer, so a retry is safe)");
        }
    }
}
