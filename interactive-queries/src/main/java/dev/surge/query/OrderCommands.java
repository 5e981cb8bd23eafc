package dev.surge.query;

import dev.surge.http.RequestRejected;
import dev.surge.schemas.OrderCommand;
import java.util.Map;

/**
 * Sends an order command to the topology (topic order-commands, key item_id). The read side only
 * decides when to send one; the producer that sends it lives where the node is composed.
 */
@FunctionalInterface
public interface OrderCommands {

    /**
     * Returns once the broker acknowledged the command.
     *
     * @param headers Kafka headers: correlation_id, and idempotency_key when the caller sent one
     * @throws RequestRejected 503 when it was not acknowledged in time; it may still arrive, and a
     *         retry is safe, since the order's state decides the answer
     */
    void send(OrderCommand command, Map<String, String> headers) throws RequestRejected;
}
