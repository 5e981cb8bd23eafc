package dev.surge.node.metrics;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.Metric;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderStatus;
import dev.surge.schemas.Topics;
import dev.surge.topology.ProcessingOutcomes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology's decisions as the {@code processor_*} meters operators' dashboards and alerts use:
 * orders by status, sold out, dead letters by reason, order latency, and events by outcome.
 *
 * <p>Every series with a known label value (dead letters by reason and source topic, transitions,
 * commands without effect, lost dead letters by DLQ) is exported at 0 from the start, so that
 * {@code rate()} and {@code absent()} mean something before the first such record: a few dozen
 * series, bounded by the enums and topics, not by traffic.
 */
public final class ProcessorMetrics implements ProcessingOutcomes {

    /** The alert's 5 s threshold is a boundary, so the p99 it watches is not interpolated across it. */
    private static final Duration[] PROCESSING_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    /** What a record of order-results can be dead-lettered for: only a result the table cannot read. */
    private static final Set<DlqRecord.Reason> RESULT_REASONS = EnumSet.of(DlqRecord.Reason.PROCESSING_ERROR);
    /** What a record of orders, inventory-commands or order-commands can be dead-lettered for: all but LATE. */
    private static final Set<DlqRecord.Reason> ORDER_REASONS = EnumSet.complementOf(EnumSet.of(DlqRecord.Reason.LATE));
    /** What an event can be dead-lettered for: events are keyed by session, so never WRONG_PARTITION. */
    private static final Set<DlqRecord.Reason> EVENT_REASONS =
            EnumSet.complementOf(EnumSet.of(DlqRecord.Reason.WRONG_PARTITION));

    private final Topics topics;
    private final Map<OrderStatus, Counter> ordersByStatus = new EnumMap<>(OrderStatus.class);
    private final Counter soldOut;
    private final Timer processing;
    private final Meter.MeterProvider<Counter> orderDeadLetters;
    private final Meter.MeterProvider<Counter> eventDeadLetters;
    private final Meter.MeterProvider<Counter> deadLettersLost;
    private final Counter threadsReplaced;
    private final Counter eventsCounted;
    private final Counter eventsDuplicate;
    private final Counter eventsLate;
    private final Map<Metric.Dimension, Counter> overCap = new EnumMap<>(Metric.Dimension.class);
    private final Meter.MeterProvider<Counter> transitions;
    private final Meter.MeterProvider<Counter> commandsWithoutEffect;
    /** Per task of this instance, as its last expiry scan counted; the gauge is their sum. */
    private final Map<String, Integer> endingSoon = new ConcurrentHashMap<>();

    public ProcessorMetrics(MeterRegistry registry, Topics topics) {
        this.topics = topics;
        for (OrderStatus status : OrderStatus.values()) {
            ordersByStatus.put(status, Counter.builder("processor.orders.processed")
                    .description("orders decided, by result status (each order has one result)")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        this.soldOut = Counter.builder("processor.orders.sold.out")
                .description("orders refused because the item had too few units left").register(registry);
        this.processing = Timer.builder("processor.order.processing.duration")
                .description("from the order record's timestamp (accepted at the ingress) to its result")
                .serviceLevelObjectives(PROCESSING_BUCKETS)
                .register(registry);
        this.orderDeadLetters = Counter.builder("processor.orders.moved.to.dlq")
                .description("records of orders, inventory-commands, order-commands or order-results sent to"
                        + " orders-dlq, by reason and source topic")
                .withRegistry(registry);
        this.eventDeadLetters = Counter.builder("processor.events.moved.to.dlq")
                .description("records of events sent to events-dlq, by reason")
                .withRegistry(registry);
        this.deadLettersLost = Counter.builder("processor.dead.letters.lost")
                .description("dead letters the broker refused and Surge dropped so that the partition goes on, by DLQ"
                        + " topic (their source records are named in the log)")
                .withRegistry(registry);
        for (Map.Entry<String, Set<DlqRecord.Reason>> source : orderDlqReasons(topics).entrySet()) {
            source.getValue().forEach(reason ->
                    orderDeadLetters.withTags("reason", reason.name(), "topic", source.getKey()));
        }
        EVENT_REASONS.forEach(reason -> eventDeadLetters.withTags("reason", reason.name()));
        deadLettersLost.withTags("topic", topics.ordersDlq().name());
        deadLettersLost.withTags("topic", topics.eventsDlq().name());
        this.threadsReplaced = Counter.builder("processor.stream.thread.replacements")
                .description("stream threads that died and were replaced: repeated, a task keeps failing")
                .register(registry);
        this.transitions = Counter.builder("processor.order.transitions")
                .description("open orders that moved on, by status before and after: a reservation confirmed,"
                        + " cancelled or expired, a waiting order served, cancelled or turned away")
                .withRegistry(registry);
        this.commandsWithoutEffect = Counter.builder("processor.order.commands.without.effect")
                .description("confirms and cancels for an order that was not open (unknown, or already ended)")
                .withRegistry(registry);
        for (OrderStatus from : OrderStatus.values()) {
            from.movesTo().forEach(to -> transition(from, to));
        }
        for (OrderCommand.Type type : OrderCommand.Type.values()) {
            commandsWithoutEffect.withTags("command", type.name().toLowerCase(Locale.ROOT));
        }
        Gauge.builder("processor.holds.ending.soon", endingSoon,
                        tasks -> tasks.values().stream().mapToInt(Integer::intValue).sum())
                .description("reservations and waits of this instance's tasks that end within the next minute")
                .register(registry);
        this.eventsCounted = events(registry, "counted");
        this.eventsDuplicate = events(registry, "duplicate");
        this.eventsLate = events(registry, "late");
        for (Metric.Dimension dimension : List.of(Metric.Dimension.EVENT_TYPE, Metric.Dimension.EVENT_TYPE_ACTION)) {
            overCap.put(dimension, Counter.builder("processor.events.over.cap")
                    .description("events counted under (other): their partition already named the day's"
                            + " METRICS_MAX_EVENT_TYPES types or METRICS_MAX_EVENT_ACTIONS type:action pairs")
                    .tag("dimension", dimension.wireName())
                    .register(registry));
        }
    }

    /** The source topics whose dead letters go to orders-dlq, each with the reasons its records can have. */
    private static Map<String, Set<DlqRecord.Reason>> orderDlqReasons(Topics topics) {
        Map<String, Set<DlqRecord.Reason>> reasons = new LinkedHashMap<>();
        reasons.put(topics.orders().name(), ORDER_REASONS);
        reasons.put(topics.inventoryCommands().name(), ORDER_REASONS);
        reasons.put(topics.orderCommands().name(), ORDER_REASONS);
        reasons.put(topics.orderResults().name(), RESULT_REASONS);
        return reasons;
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("processor.events.processed")
                .description("valid events the topology counted, skipped as retries, or sent to events-dlq as LATE")
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void orderDecided(OrderStatus status, Duration sinceAccepted) {
        ordersByStatus.get(status).increment();
        if (status == OrderStatus.SOLD_OUT) {
            soldOut.increment();
        }
        // A clock step between the producer and this host can make it negative: that is no latency.
        processing.record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
    }

    @Override
    public void orderMoved(OrderStatus from, OrderStatus to) {
        transition(from, to).increment();
    }

    private Counter transition(OrderStatus from, OrderStatus to) {
        return transitions.withTags("from", from.name().toLowerCase(Locale.ROOT),
                "to", to.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void commandWithoutEffect(String type) {
        commandsWithoutEffect.withTags("command", type.toLowerCase(Locale.ROOT)).increment();
    }

    @Override
    public void holdsEndingSoon(String task, int count) {
        if (count == 0) {
            endingSoon.remove(task);
        } else {
            endingSoon.put(task, count);
        }
    }

    @Override
    public void streamThreadReplaced() {
        threadsReplaced.increment();
    }

    @Override
    public void deadLetterLost(String dlqTopic) {
        deadLettersLost.withTags("topic", dlqTopic).increment();
    }

    @Override
    public void deadLettered(String sourceTopic, DlqRecord.Reason reason) {
        if (sourceTopic.equals(topics.events().name())) {
            eventDeadLetters.withTags("reason", reason.name()).increment();
        } else {
            orderDeadLetters.withTags("reason", reason.name(), "topic", sourceTopic).increment();
        }
    }

    @Override
    public void counted() {
        eventsCounted.increment();
    }

    @Override
    public void duplicate() {
        eventsDuplicate.increment();
    }

    @Override
    public void overCap(Metric.Dimension dimension) {
        overCap.get(dimension).increment();
    }

    @Override
    public void late() {
        eventsLate.increment();
    }
}
