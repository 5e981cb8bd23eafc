package dev.surge.topology;

import java.time.Duration;

/**
 * Whether, and for how long, the topology keeps what became of each correlated record.
 *
 * @param retention TRACE_RETENTION; zero: nothing is traced and the trace stores do not exist
 * @param instance  this instance as entries name it (its application.server)
 */
public record Tracing(Duration retention, String instance) {

    public static final Tracing OFF = new Tracing(Duration.ZERO, "");

    public boolean enabled() {
        return !retention.isZero();
    }
}
