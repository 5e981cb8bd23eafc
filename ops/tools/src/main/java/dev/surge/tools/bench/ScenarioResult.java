package dev.surge.tools.bench;

import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * What one scenario measured.
 *
 * @param scenario   its name
 * @param unit       what {@code throughput} counts per second: "orders/s", "req/s", "events/s"
 * @param count      units completed in the measured interval
 * @param seconds    the measured interval
 * @param latency    microseconds per unit where the scenario measures latency (HdrHistogram), else empty
 * @param errors     failures by kind ("http 503", "timeout", ...); empty when none
 * @param invariants for order scenarios: the units oversold and the orders without a result
 * @param settings   how it ran, for the report ("open 5000/s", "closed 64", "300000 orders, 1000 items")
 */
public record ScenarioResult(
        String scenario,
        String unit,
        long count,
        double seconds,
        Optional<Histogram> latency,
        Map<String, Long> errors,
        Optional<Invariants> invariants,
        String settings) {

    /** The order invariants checked after an order scenario: both must be 0. */
    public record Invariants(long oversoldUnits, long missingResults, long duplicateResults) {

        public boolean hold() {
            return oversoldUnits == 0 && missingResults == 0 && duplicateResults == 0;
        }
    }

    public double throughput() {
        return seconds <= 0 ? 0 : count / seconds;
    }
}
