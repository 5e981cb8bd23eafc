package dev.surge.topology;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.Metric;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;

/**
 * Two listeners as one ({@link ProcessingOutcomes#both}). Every method is passed on by hand: a
 * default method left out here would silently tell neither, which BothTest checks against.
 */
record Both(ProcessingOutcomes first, ProcessingOutcomes second) implements ProcessingOutcomes {

    @Override
    public void orderDecided(OrderStatus status, Duration sinceAccepted) {
        first.orderDecided(status, sinceAccepted);
        second.orderDecided(status, sinceAccepted);
    }

    @Override
    public void orderMoved(OrderStatus from, OrderStatus to) {
        first.orderMoved(from, to);
        second.orderMoved(from, to);
    }

    @Override
    public void commandWithoutEffect(String type) {
        first.commandWithoutEffect(type);
        second.commandWithoutEffect(type);
    }

    @Override
    public void holdsEndingSoon(String task, int count) {
        first.holdsEndingSoon(task, count);
        second.holdsEndingSoon(task, count);
    }

    @Override
    public void deadLettered(String sourceTopic, DlqRecord.Reason reason) {
        first.deadLettered(sourceTopic, reason);
        second.deadLettered(sourceTopic, reason);
    }

    @Override
    public void deadLetterLost(String dlqTopic) {
        first.deadLetterLost(dlqTopic);
        second.deadLetterLost(dlqTopic);
    }

    @Override
    public void streamThreadReplaced() {
        first.streamThreadReplaced();
        second.streamThreadReplaced();
    }

    @Override
    public void counted() {
        first.counted();
        second.counted();
    }

    @Override
    public void duplicate() {
        first.duplicate();
        second.duplicate();
    }

    @Override
    public void overCap(Metric.Dimension dimension) {
        first.overCap(dimension);
        second.overCap(dimension);
    }

    @Override
    public void late() {
        first.late();
        second.late();
    }
}
