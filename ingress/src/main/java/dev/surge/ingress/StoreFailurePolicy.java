package dev.surge.ingress;

import dev.surge.http.RequestRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request does when the edge store (Redis) fails: go on without it (fail open, the default:
 * the topology's dedup still guards orders, and a flash sale is no time to refuse buyers) or be
 * refused with a 503 (fail closed). Either way the failure is counted and the store reported degraded.
 */
public final class StoreFailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailurePolicy.class);
    /** Seconds a client waits before retrying a request refused because the store failed. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final boolean failClosed;
    private final IngressMetrics metrics;
    private volatile boolean degraded;

    public StoreFailurePolicy(boolean failClosed, IngressMetrics metrics) {
        this.failClosed = failClosed;
        this.metrics = metrics;
        metrics.storeDegraded(this);
    }

    public boolean failClosed() {
        return failClosed;
    }

    /** True from a failed call until the next successful one. */
    public boolean degraded() {
        return degraded;
    }

    void succeeded() {
        if (degraded) {
            degraded = false;
            LOG.atInfo().addKeyValue("event", "edge_store.recovered").log("the edge store answers again");
        }
    }

    /** @throws RequestRejected when failing closed; returns when the request may go on without the store */
    void failed(String store, StoreUnavailableException e) throws RequestRejected {
        metrics.storeFailure(store);
        if (!degraded) {
            degraded = true;
            // Once per outage, not once per request: thousands of identical lines help nobody.
            LOG.atWarn().addKeyValue("event", "edge_store.failed").addKeyValue("store", store)
                    .log("the edge store failed ({}); failing {}", e.getMessage(), failClosed ? "closed" : "open");
        }
        if (failClosed) {
            throw RequestRejected.unavailable("rate limiting and idempotency are unavailable; retry shortly",
                    RETRY_AFTER_SECONDS);
        }
    }
}
