package dev.surge.query;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.IdempotencyKey;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.http.client.Peers;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/orders/{order_id}/confirm} and {@code /cancel}: ends a reservation (a cancel also
 * takes a waiting order out of the line) and answers with the order's new state once the topology
 * has decided, waiting up to {@code ?wait=} (default 5 s, at most HTTP_MAX_WAIT) for it: 200 with
 * the OrderResult; 409 with the status when the order is somewhere the command cannot take it from;
 * 404 for an order unknown or not the caller's; 202 with its Location when no decision came in time.
 * The order's owner decides; another instance sends it the whole request (one hop).
 *
 * <p>Idempotent by the order's state ({@link ReservationCommands}): a repeated confirm of a confirmed
 * order, or cancel of a cancelled one, is 200 again, and a retry gets the first request's final
 * answer with or without the same {@code Idempotency-Key}. The key is checked like the ingress's and
 * travels on the command, scoped to the API key, as Kafka header {@code idempotency_key}.
 *
 * <p>A body is refused (400): the commands take none, and a field sent in one would be silently ignored.
 */
public final class OrderCommandService implements HttpService {

    /** How long a command waits for its decision when the request does not say: a decision takes a commit or two. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final Pattern COMMAND_PATH = Pattern.compile("/v1/orders/[^/]+/(confirm|cancel)");

    private final ReservationCommands commands;
    private final Duration maxWait;
    private final Waits waits;
    private final Forwarding forwarding;

    public OrderCommandService(ReservationCommands commands, Duration maxWait, Waits waits, Forwarding forwarding) {
        this.commands = commands;
        this.maxWait = maxWait;
        this.waits = waits;
        this.forwarding = forwarding;
    }

    /**
     * Whether a request is one of these commands, from its method and (normalized) path alone: the
     * writes one instance may forward to another, and that the processor's rate limit counts.
     */
    public static boolean isCommand(Method method, String path) {
        return method == Method.POST && COMMAND_PATH.matcher(path).matches();
    }

    @Override
    public void routing(HttpRules rules) {
        for (OrderCommand.Type type : OrderCommand.Type.values()) {
            String path = "/v1/orders/{order_id}/" + type.name().toLowerCase(Locale.ROOT);
            rules.post(path, ApiHandler.of((req, res, correlationId) -> command(type, req, res, correlationId)))
                    .any(path, HttpErrors.methodNotAllowed(Method.POST));
        }
    }

    private void command(OrderCommand.Type type, ServerRequest req, ServerResponse res, String correlationId)
            throws RequestRejected {
        String orderId = req.path().pathParameters().get("order_id");
        if (req.content().hasEntity()) {
            throw RequestRejected.invalid(List.of(new FieldError("", "a " + verb(type) + " takes no body")));
        }
        Optional<String> idempotencyKey = IdempotencyKey.scopedOf(req);
        Duration wait;
        try {
            wait = WaitParameter.parse(req.query().first("wait").asOptional(), maxWait, DEFAULT_WAIT);
        } catch (IllegalArgumentException e) {
            throw RequestRejected.invalidParameter("wait", e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KafkaHeaders.CORRELATION_ID, correlationId);
        idempotencyKey.ifPresent(key -> headers.put(KafkaHeaders.IDEMPOTENCY_KEY, key));

        ReservationCommands.Outcome outcome;
        try {
            Viewer viewer = Viewer.of(req);
            if (wait.isZero()) {
                outcome = commands.apply(type, orderId, wait, viewer, headers);
            } else {
                try (Waits.Place place = waits.take(Waits.holder(req))) {
                    outcome = commands.apply(type, orderId, wait, viewer, headers);
                }
            }
        } catch (InterruptedException e) {
            // The server is stopping this request's thread: answer as any stopping instance does.
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
        if (outcome instanceof ReservationCommands.Elsewhere elsewhere) {
            forwarding.forwardWrite(req, res, elsewhere.owner(), correlationId, forwardedHeaders(req, idempotencyKey));
            return;
        }
        res.header(Peers.SERVED_BY, forwarding.self());
        switch (outcome) {
            case ReservationCommands.Done done -> JsonBody.send(res, Status.OK_200, done.result());
            case ReservationCommands.Refused refused -> throw conflict(type, refused.result());
            case ReservationCommands.Pending pending -> {
                res.header(HeaderNames.LOCATION, "/v1/orders/" + orderId);
                JsonBody.send(res, Status.ACCEPTED_202, new CommandPending(orderId, type,
                        pending.lastSeen().status(), correlationId));
            }
            case ReservationCommands.Unknown unknown ->
                    throw RequestRejected.notFound("order '" + orderId + "' is not known");
            case ReservationCommands.Unavailable unavailable ->
                    throw RequestRejected.unavailable(unavailable.reason(), 1);
            case ReservationCommands.Elsewhere elsewhere -> throw new IllegalStateException("forwarded above");
        }
    }

    /**
     * The owner sees this instance's INTERNAL_TOKEN, not the caller's key: the key scoped here goes
     * along, and the client's own (which an owner with API keys off scopes itself, as anonymous, alike).
     */
    private static Map<String, String> forwardedHeaders(ServerRequest req, Optional<String> scopedKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        scopedKey.ifPresent(key -> headers.put(IdempotencyKey.FORWARDED.defaultCase(), key));
        req.headers().first(IdempotencyKey.HEADER)
                .ifPresent(key -> headers.put(IdempotencyKey.HEADER.defaultCase(), key));
        return headers;
    }

    private static RequestRejected conflict(OrderCommand.Type type, OrderResult current) {
        String can = type == OrderCommand.Type.CONFIRM ? "only a RESERVED order can be confirmed"
                : "only a RESERVED or WAITLISTED order can be cancelled";
        return RequestRejected.conflict("order_status_conflict", "order '" + current.orderId() + "' is "
                + current.status() + ": " + can, List.of(new FieldError("status", current.status().name())));
    }

    private static String verb(OrderCommand.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** The 202: the command is on its way; when the wait ran out the order was still {@code status}. */
    record CommandPending(String orderId, OrderCommand.Type command, OrderStatus status, String correlationId) {
    }
}
