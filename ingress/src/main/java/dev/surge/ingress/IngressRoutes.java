package dev.surge.ingress;

import dev.surge.http.HttpErrors;
import dev.surge.http.PassThroughDecoding;
import dev.surge.http.cors.CrossOriginRoute;
import dev.surge.ingress.events.EventIngressService;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;

/** Puts the ingress's write API on a routing that main builds for whichever roles it runs. */
public final class IngressRoutes {

    private IngressRoutes() {
    }

    /**
     * Registers the order, analytics events and inventory admin services. Routes match in registration
     * order and these services answer 405 for other methods on their paths: register a read-side
     * service that shares one of those paths before these. The server's one error handler is
     * {@link HttpErrors#uncaught} (main registers it for every role): it also answers unknown paths
     * with a JSON 404. The server must hand request bodies over undecoded ({@link PassThroughDecoding}),
     * or no gzipped batch of events ever reaches its route.
     */
    public static void register(HttpRouting.Builder routing, IngressContext context) {
        routing.register(new OrderIngressService(context), new EventIngressService(context),
                new InventoryAdminService(context));
    }

    /** The routes that pages of other origins may call (CORS_ORIGINS): only sending analytics events. */
    public static List<CrossOriginRoute> crossOrigin() {
        return List.of(EventIngressService.CROSS_ORIGIN);
    }
}
