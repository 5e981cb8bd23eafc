package dev.surge.query;

import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Confirm and cancel of one order, answered from the order's state on its owner. An order already
 * where the command would take it is answered as done; one the command cannot move is refused with
 * its status; only an order the command can still move gets a command on order-commands, and the
 * answer is the status the topology then gives it. So a retry, with or without the same
 * Idempotency-Key, is answered the same as the first request once the order has moved, and sends
 * nothing again: the topology, which decides every command one at a time, is the only judge.
 */
public final class ReservationCommands {

    /** What became of a command, in the terms of an HTTP answer. */
    public sealed interface Outcome {
    }

    /** The order is where the command takes it, now or already before (a repeated command): 200. */
    public record Done(OrderResult result) implements Outcome {
    }

    /** The order is where the command cannot take it from (ended otherwise, or waiting for a confirm): 409. */
    public record Refused(OrderResult result) implements Outcome {
    }

    /** The command was sent, and the order had not moved when the wait ran out: 202. */
    public record Pending(OrderResult lastSeen) implements Outcome {
    }

    /** Another instance owns the order: it decides, asked with the whole request. */
    public record Elsewhere(QueryResult.Remote<OrderResult> owner) implements Outcome {
    }

    /** No such order, or not one the caller may see (the same answer, so ids cannot be probed): 404. */
    public record Unknown() implements Outcome {
    }

    /** The order's state cannot be read now (a rebalance): 503, retry. */
    public record Unavailable(String reason) implements Outcome {
    }

    private final OrderLookup orders;
    private final OrderCommands commands;

    public ReservationCommands(OrderLookup orders, OrderCommands commands) {
        this.orders = orders;
        this.commands = commands;
    }

    /** The status a command takes an order to. */
    public static OrderStatus target(OrderCommand.Type type) {
        return switch (type) {
            case CONFIRM -> OrderStatus.CONFIRMED;
            case CANCEL -> OrderStatus.CANCELLED;
        };
    }

    /**
     * Whether the topology would move an order of this status: a confirm sells a hold; a cancel
     * ends a hold or a place in line (the topology's rule, OrderCommandProcessor and Holds).
     */
    public static boolean moves(OrderCommand.Type type, OrderStatus status) {
        return switch (type) {
            case CONFIRM -> status == OrderStatus.RESERVED;
            case CANCEL -> status.open();
        };
    }

    /**
     * Decides one command on the order's owner.
     *
     * @param wait    how long to wait for the topology's decision once a command is sent; zero: not at all
     * @param headers the Kafka headers of a command sent (correlation_id, idempotency_key)
     * @throws RequestRejected 503 when a command could not be sent
     */
    public Outcome apply(OrderCommand.Type type, String orderId, Duration wait, Viewer viewer,
                         Map<String, String> headers) throws RequestRejected, InterruptedException {
        // Watching before the first look: a result that lands between the look and the send is seen.
        try (OrderWatch watch = orders.watch(orderId, viewer)) {
            OrderResult seen;
            switch (watch.now()) {
                case QueryResult.Found<OrderResult> found -> seen = found.value();
                case QueryResult.Remote<OrderResult> remote -> {
                    return new Elsewhere(remote);
                }
                case QueryResult.NotFound<OrderResult> missing -> {
                    return new Unknown();
                }
                case QueryResult.Unavailable<OrderResult> unavailable -> {
                    return new Unavailable(unavailable.reason());
                }
                case QueryResult.Stale<OrderResult> stale -> {
                    return new Unavailable("only a replica of the order is readable here");
                }
            }
            if (!moves(type, seen.status())) {
                return decided(type, seen);
            }
            commands.send(new OrderCommand(UUID.randomUUID().toString(), orderId, seen.itemId(), type, Instant.now()),
                    headers);
            if (wait.isZero()) {
                return new Pending(seen);
            }
            // Not merely "another status": a waiting order served from the line (RESERVED) is still
            // the cancel's to end, and the topology applies the cancel right after.
            QueryResult<OrderResult> after = watch.await(result -> !moves(type, result.status()), wait);
            if (after instanceof QueryResult.Found<OrderResult> found && !moves(type, found.value().status())) {
                return decided(type, found.value());
            }
            return new Pending(after instanceof QueryResult.Found<OrderResult> found ? found.value() : seen);
        }
    }

    private static Outcome decided(OrderCommand.Type type, OrderResult result) {
        return result.status() == target(type) ? new Done(result) : new Refused(result);
    }
}
