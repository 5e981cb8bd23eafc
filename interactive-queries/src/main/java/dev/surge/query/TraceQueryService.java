package dev.surge.query;

import com.fasterxml.jackson.databind.JavaType;
import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.schemas.CorrelationIds;
import dev.surge.schemas.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * GET /v1/trace/{correlation_id}: what became of every record that carried the id (topic,
 * partition, offset, outcome, processed_at, instance), for TRACE_RETENTION; this instance's
 * entries merged with every other's.
 */
public final class TraceQueryService implements HttpService {

    /** This instance's entries of one correlation id. */
    @FunctionalInterface
    public interface TraceLookup {
        QueryResult<TraceAnswer> find(String correlationId);
    }

    private static final JavaType ANSWER = Json.MAPPER.constructType(TraceAnswer.class);

    private final TraceLookup traces;
    private final boolean tracing;
    private final Replies replies;
    private final Gathering gathering;

    /** @param tracing false when TRACE_RETENTION is off: there is nothing to ask */
    public TraceQueryService(TraceLookup traces, boolean tracing, Forwarding forwarding, Gathering gathering) {
        this.traces = traces;
        this.tracing = tracing;
        this.replies = new Replies(forwarding);
        this.gathering = gathering;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/trace/{correlation_id}", ApiHandler.of(this::get))
                .any("/v1/trace/{correlation_id}", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void get(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        String traced = req.path().pathParameters().get("correlation_id");
        if (!CorrelationIds.isSane(traced)) {
            // Not echoed: it may be long, or anything.
            throw RequestRejected.invalidParameter("correlation_id", "not a correlation id: 1-"
                    + CorrelationIds.MAX_LENGTH + " characters of letters, digits, '.', '_', ':' and '-'");
        }
        if (!Viewer.of(req).allOrders()) {
            // A trace names the orders of whoever sent that correlation id, and ids are easy to guess.
            throw RequestRejected.forbidden("all_orders");
        }
        Optional<String> parameter = req.query().names().stream().findFirst();
        if (parameter.isPresent()) {
            throw RequestRejected.invalidParameter(parameter.get(), "not a parameter of this query; it has none");
        }
        if (!tracing) {
            throw RequestRejected.notFound("nothing is traced: TRACE_RETENTION is off");
        }
        QueryResult<TraceAnswer> local = traces.find(traced);
        if (!(local instanceof QueryResult.Found<TraceAnswer> found)) {
            replies.send(req, res, local, "trace", traced, correlationId);
            return;
        }
        Optional<FanOut.Gathered<TraceAnswer>> others = gathering.askOthers(req, correlationId, ANSWER);
        TraceAnswer answer = others.map(gathered -> TraceAnswer.merge(found.value(), gathered.answers(),
                gathered.missing())).orElse(found.value());
        gathering.send(res, answer, answer.missing());
    }
}
