package dev.surge.ingress.events;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.IdempotencyKey;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Principal;
import dev.surge.http.cors.CrossOriginRoute;
import dev.surge.ingress.IdempotencyGuard;
import dev.surge.ingress.IngressContext;
import dev.surge.ingress.PublishFailedException;
import dev.surge.ingress.RateLimitGuard;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: a batch of analytics events, queued on the {@code events} topic. Each event
 * is checked on its own: the valid ones are queued and the others reported by index in the same 202,
 * so one bad event does not cost a client its whole batch. The 202 is sent only after the broker
 * acknowledged every queued event.
 */
public final class EventIngressService implements HttpService {

    public static final String PATH = "/v1/events";
    /**
     * Shops send events from their own pages, so this one route may be called from the origins in
     * CORS_ORIGINS. A page may gzip its batch, retry it under one key, and read how much of its limit is left.
     */
    public static final CrossOriginRoute CROSS_ORIGIN = new CrossOriginRoute(PATH, Method.POST,
            List.of(IdempotencyKey.HEADER, HeaderNames.CONTENT_ENCODING),
            List.of(RateLimitGuard.LIMIT, RateLimitGuard.REMAINING, RateLimitGuard.RESET, IdempotencyGuard.REPLAYED));
    private static final Logger LOG = LoggerFactory.getLogger(EventIngressService.class);

    /** Seconds a batch refused for want of a parsing place waits before it comes again. */
    private static final int BUSY_RETRY_SECONDS = 1;

    private final IngressContext context;
    private final EventBatchReader reader;
    /**
     * Batches read at once. Each is bounded (body, tokens, events), but a batch of small fields at
     * the limits allocates ~36 MiB while read and holds ~6 MiB until queued (measured), and
     * HTTP_MAX_CONCURRENT_REQUESTS of them at once would not fit a heap.
     */
    private final Semaphore parsing;

    public EventIngressService(IngressContext context) {
        this.context = context;
        this.reader = new EventBatchReader(context.maxBodyBytes(), context.events().maxBatch());
        this.parsing = new Semaphore(context.events().maxConcurrentBatches());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH, ApiHandler.of(this::accept))
                .any(PATH, HttpErrors.methodNotAllowed(Method.POST));
    }

    private void accept(ServerRequest request, ServerResponse response, String correlationId)
            throws RequestRejected {
        Optional<String> idempotencyKey = IdempotencyKey.of(request);
        // There is no one user behind a batch: only the per key (or per address) limit applies.
        context.rateLimits().checkCaller(request, response);
        if (!parsing.tryAcquire()) {
            throw RequestRejected.unavailable("this instance reads its most event batches at once"
                    + " (EVENTS_MAX_CONCURRENT_BATCHES); retry", BUSY_RETRY_SECONDS);
        }
        try {
            queue(request, response, correlationId, idempotencyKey);
        } finally {
            parsing.release();
        }
    }

    private void queue(ServerRequest request, ServerResponse response, String correlationId,
                       Optional<String> idempotencyKey) throws RequestRejected {
        List<BatchItem> items = reader.read(request);
        EventIds ids = new EventIds(Principal.of(request).keyId(), idempotencyKey);
        CheckedBatch batch = CheckedBatch.of(items, context.validator(), context.events(), context.topics().events(),
                ids, Instant.now());
        context.metrics().eventsReceived(items.size());
        context.metrics().eventsRejected(batch.rejected().size());
        if (batch.records().isEmpty()) {
            // Nothing to queue: a 400 like any refused request, and no key is claimed.
            String message = items.isEmpty() ? "the batch holds no events" : "no event of the batch is valid";
            JsonBody.send(response, Status.BAD_REQUEST_400,
                    new EventsRefused("invalid_events", message, List.of(), batch.rejected(), correlationId));
            return;
        }
        if (!(context.idempotency().begin(request, response, "events", idempotencyKey, batch::fingerprint)
                instanceof IdempotencyGuard.Proceed proceed)) {
            return; // the stored answer was replayed
        }

        try {
            context.publisher().publishAll(context.topics().events().name(), batch.records(),
                    Map.of(KafkaHeaders.CORRELATION_ID, correlationId));
        } catch (PublishFailedException e) {
            context.idempotency().release(proceed);
            LOG.atWarn().addKeyValue("event", "events.not_queued").addKeyValue("events", batch.records().size())
                    .log("events not queued: {}", e.getMessage());
            // Some may be on the topic already; the same event_ids on the retry let the topology drop them.
            throw e.refusal("the events could not all be queued; retry the batch with the same"
                    + " Idempotency-Key (or with event_ids of your own): events queued twice are dropped by event_id");
        }

        context.metrics().eventsAccepted(batch.records().size());
        byte[] answer = Json.toBytes(new EventsAccepted(batch.records().size(), batch.rejected(), correlationId));
        context.idempotency().complete(proceed, Status.ACCEPTED_202,
                Map.of(HeaderNames.CONTENT_TYPE.defaultCase(), MediaTypes.APPLICATION_JSON_VALUE), answer);
        LOG.atDebug().addKeyValue("event", "events.accepted").addKeyValue("accepted", batch.records().size())
                .addKeyValue("rejected", batch.rejected().size()).log("events queued");
        JsonBody.send(response, Status.ACCEPTED_202, answer);
    }

    /** The 202: how many events were queued, and which were not and why. */
    record EventsAccepted(int accepted, List<RejectedEvent> rejected, String correlationId) {
    }

    /** The 400 when nothing could be queued: the shape of every error, plus the events refused. */
    record EventsRefused(String error, String message, List<FieldError> details, List<RejectedEvent> rejected,
                         String correlationId) {
    }
}
