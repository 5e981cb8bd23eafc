package dev.surge.node;

import dev.surge.config.SurgeConfig.HttpSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a node may serve without API keys. Without keys anyone who reaches the port places orders,
 * sets stock and replays dead letters, so a node listening beyond this machine refuses to start
 * unless the operator says so (AUTH_DISABLED=true). On loopback (./surge run and the demo) it may,
 * and says so.
 */
final class OpenAccess {

    private static final Logger log = LoggerFactory.getLogger(OpenAccess.class);

    private OpenAccess() {
    }

    /** @throws IllegalArgumentException for a node without keys that others could reach (a settings problem) */
    static void check(HttpSettings http, int port) {
        if (!http.auth().keys().isEmpty()) {
            return;
        }
        if (http.authDisabled()) {
            log.warn("API keys are off (AUTH_DISABLED=true): anyone who reaches {}:{} may place orders, set stock"
                    + " and replay dead letters", http.host(), port);
        } else if (isLoopback(http.host())) {
            log.warn("API keys are off: HTTP listens on {} only, this machine; set API_KEYS before listening"
                    + " beyond it", http.host());
        } else {
            throw new IllegalArgumentException("API_KEYS is empty and HTTP_HOST=" + http.host() + " listens beyond this"
                    + " machine: set API_KEYS (./surge keys create --scopes ingest,read), HTTP_HOST=127.0.0.1, or"
                    + " AUTH_DISABLED=true to serve without keys on purpose");
        }
    }

    /** An address literal or "localhost"; any other name counts as reachable (no DNS lookup here). */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
