package dev.surge.query.stream;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.http.client.HttpConnection;
import dev.surge.http.client.Peers;
import dev.surge.query.OrderLookup;
import dev.surge.query.QueryResult;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /v1/stream/orders/{order_id}: Server-Sent Events of an order's status, a {@code status}
 * event each time it changes, ending after the final one. The status is watched as a long poll
 * does ({@link OrderLookup#await}, or the owner's long poll when another instance owns the order)
 * on a thread of its own, so that the stream itself stays free to send heartbeats and to end at
 * once when the instance drains.
 */
public final class OrderStreamService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(OrderStreamService.class);
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** An order's statuses are few: more queued than this and the client is not reading. */
    private static final int QUEUE = 16;
    /** The longest one look at the status waits before looking again. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
    /** Between looks while the status cannot be read, or has not changed from one that is not final. */
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final LiveStreams live;
    private final OrderLookup orders;
    private final Peers peers;
    private final Duration wait;

    /** @param maxWait HTTP_MAX_WAIT: an owner elsewhere would cut a longer wait to it */
    public OrderStreamService(LiveStreams live, OrderLookup orders, Peers peers, Duration maxWait) {
        this.live = live;
        this.orders = orders;
        this.peers = peers;
        this.wait = maxWait.compareTo(LONGEST_WAIT) < 0 ? maxWait : LONGEST_WAIT;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/stream/orders/{order_id}", ApiHandler.of(this::stream))
                .any("/v1/stream/orders/{order_id}", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void stream(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        String orderId = req.path().pathParameters().get("order_id");
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw RequestRejected.invalidParameter("order_id", "not an order id (1 to 64 letters, digits, '_' and '-')");
        }
        EventSink.requireEventStream(req);
        Mailbox<OrderResult> mailbox = new Mailbox<>(QUEUE);
        try (LiveStreams.Slot slot = live.open(LiveStreams.holder(req), mailbox);
             EventSink sink = EventSink.open(res)) {
            Thread watcher = Thread.ofVirtual().name("order-stream-" + orderId)
                    .start(() -> watch(orderId, Viewer.of(req), mailbox, correlationId));
            try {
                follow(sink, mailbox);
            } finally {
                watcher.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("stream of order {} ended: {}", orderId, e.toString());
        }
    }

    private void follow(EventSink sink, Mailbox<OrderResult> mailbox) throws InterruptedException {
        while (true) {
            switch (mailbox.next(live.heartbeat())) {
                case Mailbox.Item<OrderResult> item -> {
                    sink.event("status", item.value(), null);
                    if (!item.value().status().open()) {
                        sink.end(EndReason.FINAL);
                        return;
                    }
                }
                case Mailbox.Quiet<OrderResult> quiet -> sink.heartbeat();
                case Mailbox.Ended<OrderResult> ended -> {
                    sink.end(ended.reason());
                    return;
                }
            }
        }
    }

    /** Puts each new status of the order in the mailbox, until the final one or until interrupted. */
    private void watch(String orderId, Viewer viewer, Mailbox<OrderResult> mailbox, String correlationId) {
        OrderResult last = null;
        try {
            while (!mailbox.ended()) {
                QueryResult<OrderResult> now = orders.await(orderId, wait, viewer);
                if (now instanceof QueryResult.Remote<OrderResult> remote) {
                    now = askOwner(remote.owner(), orderId, viewer, correlationId);
                }
                switch (now) {
                    case QueryResult.Found<OrderResult> found -> {
                        if (!found.value().equals(last)) {
                            last = found.value();
                            mailbox.offer(last);
                        }
                        if (!last.status().open()) {
                            return;
                        }
                        // Open (a hold, a place in line): look again for its next status.
                        Thread.sleep(PAUSE);
                    }
                    case QueryResult.NotFound<OrderResult> none -> {
                        // The wait was spent without a result: look again.
                    }
                    default -> Thread.sleep(PAUSE);
                }
            }
        } catch (InterruptedException e) {
            // The stream ended.
        }
    }

    /** The owner's long poll: its answer within {@link #wait}. */
    private QueryResult<OrderResult> askOwner(HostInfo owner, String orderId, Viewer viewer, String correlationId)
            throws InterruptedException {
        try {
            HttpConnection.Answer answer = peers.get(owner.host() + ":" + owner.port(),
                    "/v1/orders/" + orderId + "?wait=" + wait.toMillis() + "ms", correlationId, viewer, wait);
            return switch (answer.status()) {
                case 200 -> new QueryResult.Found<>(Json.MAPPER.readValue(answer.body(), OrderResult.class));
                case 404 -> new QueryResult.NotFound<>();
                default -> new QueryResult.Unavailable<>("the owner answered " + answer.status());
            };
        } catch (IOException e) {
            return new QueryResult.Unavailable<>("the owner did not answer");
        }
    }
}
