package dev.surge.query;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.http.client.Peers;
import dev.surge.schemas.Json;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GET /v1/instances: every processor instance of the application, each as it reports itself
 * (state, partitions per store, active and standby, and their lag), asked of all at once;
 * GET /v1/instances/self: this one only.
 */
public final class InstancesService implements HttpService {

    /** Every instance's report; {@code missing} names those that did not answer in time. */
    public record Answer(List<InstanceReport> instances, boolean partial, List<String> missing) {
    }

    private final LocalInstance self;
    private final Instances instances;
    private final FanOut fanOut;

    public InstancesService(LocalInstance self, Instances instances, Peers peers) {
        this.self = self;
        this.instances = instances;
        this.fanOut = new FanOut(peers);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/instances/self", ApiHandler.of(this::self))
                .any("/v1/instances/self", HttpErrors.methodNotAllowed(Method.GET))
                .get("/v1/instances", ApiHandler.of(this::all))
                .any("/v1/instances", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void self(ServerRequest req, ServerResponse res, String correlationId) {
        res.header(Peers.SERVED_BY, self.address());
        JsonBody.send(res, Status.OK_200, self.report());
    }

    private void all(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        FanOut.Gathered<InstanceReport> others;
        try {
            others = fanOut.gather(instances.others(), "/v1/instances/self", correlationId, Viewer.of(req),
                    InstancesService::read);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
        List<InstanceReport> all = new ArrayList<>(others.answers());
        all.add(self.report());
        all.sort(Comparator.comparing(InstanceReport::address));
        FanOut.flagPartial(res, others.missing());
        JsonBody.send(res, Status.OK_200, new Answer(all, !others.missing().isEmpty(), others.missing()));
    }

    private static InstanceReport read(byte[] body) {
        try {
            return Json.MAPPER.readValue(body, InstanceReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
