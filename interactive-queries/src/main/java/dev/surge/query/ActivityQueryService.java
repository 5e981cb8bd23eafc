package dev.surge.query;

import com.fasterxml.jackson.databind.JavaType;
import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.query.activity.ActivityReport;
import dev.surge.query.activity.ActivityWindow;
import dev.surge.query.activity.SaleActivity;
import dev.surge.schemas.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GET /v1/activity: the order pipeline's last minute for the live console (orders per second,
 * first results, moves, accept → decision latency, dead letters), this instance's merged with
 * every other's. Each instance asked by another answers with its own minute and its latency
 * histogram, so that the percentiles are taken of every instance's orders together.
 */
public final class ActivityQueryService implements HttpService {

    private static final JavaType REPORT = Json.MAPPER.constructType(ActivityReport.class);

    /** A gathered answer, and the end of the minute it covers. */
    private record Answer(Instant until, ActivityReport report, List<String> missing) {
    }

    private final SaleActivity activity;
    private final Gathering gathering;
    /**
     * The last gathered answer, given again until its minute moves on: every open console asks once a
     * second and each gathering asks every peer, so this keeps that to one gathering a second however
     * many consoles watch. Our minute ends at a whole second and would not change meanwhile; a peer's,
     * on its own clock, may be up to a second older than if asked anew.
     */
    private volatile Answer last;

    public ActivityQueryService(SaleActivity activity, Gathering gathering) {
        this.activity = activity;
        this.gathering = gathering;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/activity", ApiHandler.of(this::get))
                .any("/v1/activity", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void get(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        Optional<String> parameter = req.query().names().stream().findFirst();
        if (parameter.isPresent()) {
            throw RequestRejected.invalidParameter(parameter.get(), "not a parameter of this query; it has none");
        }
        ActivityWindow window = activity.lastMinute();
        if (Forwarding.forwarded(req)) {
            // Another instance gathers: it needs our histogram, not our percentiles.
            gathering.send(res, window.report(List.of(), true), List.of());
            return;
        }
        Answer answer = last;
        if (answer == null || !answer.until().equals(window.until())) {
            List<String> missing = List.of();
            Optional<FanOut.Gathered<ActivityReport>> others = gathering.askOthers(req, correlationId, REPORT);
            if (others.isPresent()) {
                others.get().answers().forEach(window::add);
                missing = others.get().missing();
            }
            answer = new Answer(window.until(), window.report(missing, false), missing);
            last = answer;
        }
        gathering.send(res, answer.report(), answer.missing());
    }
}
