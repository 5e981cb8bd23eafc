package dev.surge.node.health;

import dev.surge.config.AuthSettings;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.Admission;
import dev.surge.http.HttpErrors;
import dev.surge.http.auth.Principal;
import dev.surge.schemas.Json;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * /health (every component), /health/ready (the same report; 503 while a required component is
 * down, the instance is still starting, or it drains for shutdown), /health/live (the process answers at all).
 *
 * <p>The components' details (group names, "failing open", broker counts) tell an attacker what is
 * weak right now, so only some callers see them; the others get the status alone, with the same
 * HTTP status, which is all a load balancer needs.
 */
public final class HealthService implements HttpService {

    private final List<HealthCheck> checks;
    private final Admission admission;
    private final Predicate<ServerRequest> showsDetails;

    private HealthService(List<HealthCheck> checks, Admission admission, Predicate<ServerRequest> showsDetails) {
        this.checks = List.copyOf(checks);
        this.admission = admission;
        this.showsDetails = showsDetails;
    }

    /** Details for every caller: the management port, which no Service, Ingress or published port exposes. */
    public static HealthService withDetails(List<HealthCheck> checks, Admission admission) {
        return new HealthService(checks, admission, request -> true);
    }

    /**
     * On the API port, details only for a key holding admin. Without keys there is no one to tell
     * apart: details for everyone (a local run) unless a management port serves them instead.
     */
    public static HealthService onApiPort(List<HealthCheck> checks, Admission admission, AuthSettings auth,
                                          boolean managementPort) {
        boolean everyone = !auth.enabled() && !managementPort;
        return new HealthService(checks, admission,
                request -> everyone || Principal.of(request).holds(Scope.ADMIN));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", (req, res) -> report(req, res))
                .get("/health/ready", (req, res) -> report(req, res))
                .get("/health/live", (req, res) -> send(res, Status.OK_200, Map.of("status", "UP")))
                .any("/health", HttpErrors.methodNotAllowed(Method.GET))
                .any("/health/{check}", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void report(ServerRequest req, ServerResponse res) {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean ready = true;
        boolean allUp = true;
        for (HealthCheck check : checks) {
            HealthCheck.Health health = check.check();
            components.put(check.name(), new Component(health.status(), health.detail(), check.required()));
            ready &= !(check.required() && health.status() == HealthCheck.Status.DOWN);
            allUp &= health.status() == HealthCheck.Status.UP;
        }
        String status = admission.draining() ? "DRAINING" : !admission.started() ? "STARTING"
                : !ready ? "DOWN" : allUp ? "UP" : "DEGRADED";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (showsDetails.test(req)) {
            body.put("components", components);
        }
        boolean serving = ready && admission.started() && !admission.draining();
        send(res, serving ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    record Component(HealthCheck.Status status, String detail, boolean required) {
    }

    private static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.toBytes(body));
    }
}
