package dev.surge.topology;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.OrderStatus;
import dev.surge.topology.events.EventOutcomes;
import java.time.Duration;

/**
 * Told what the topology decided, for operators' meters: each order's result, each record sent to
 * a DLQ, and (inherited) what became of each event. Called on stream threads: return quickly.
 * Under exactly-once a record reprocessed after a crash is told twice; the results on the topics
 * are exact, these are for dashboards and alerts.
 */
public interface ProcessingOutcomes extends EventOutcomes {

    ProcessingOutcomes NONE = new ProcessingOutcomes() {
    };

    /**
     * Tells {@code first}, then {@code second}, everything: the topology takes one listener, and the
     * meters and the live activity both listen. A listener that throws keeps the second from hearing
     * of it, as it would fail the record with one listener alone.
     */
    static ProcessingOutcomes both(ProcessingOutcomes first, ProcessingOutcomes second) {
        return new Both(first, second);
    }

    /**
     * An order's one result.
     *
     * @param sinceAccepted from the order record's timestamp (when the ingress, or another
     *                      producer, wrote it) to the decision
     */
    default void orderDecided(OrderStatus status, Duration sinceAccepted) {
    }

    /** An open order moved on: confirmed, cancelled, expired, or served from the line. */
    default void orderMoved(OrderStatus from, OrderStatus to) {
    }

    /** A confirm or cancel for an order that was not open (unknown, or already ended): nothing changed. */
    default void commandWithoutEffect(String type) {
    }

    /**
     * How many holds and waits of one task end within the next minute, as of its last expiry scan;
     * 0 when the task closes here (it moved, or the instance stops).
     */
    default void holdsEndingSoon(String task, int count) {
    }

    /** A record of {@code sourceTopic} sent to its DLQ, or skipped when the topic has none. */
    default void deadLettered(String sourceTopic, DlqRecord.Reason reason) {
    }

    /** A dead letter the broker refused (too large, say): dropped, so its partition goes on. */
    default void deadLetterLost(String dlqTopic) {
    }

    /** A stream thread died and was replaced; its tasks start again from their last commit. */
    default void streamThreadReplaced() {
    }
}
