package dev.surge.topology;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Ends reservations: CONFIRM and CANCEL from {@code order-commands} (the HTTP endpoints or any
 * producer), and expiry, which a wall-clock punctuator finds in the holds store. Commands share the
 * orders' task (both keyed by item_id), so a command, an expiry and the orders of one item are
 * applied one at a time, each in the task's transaction with the results it writes.
 */
final class OrderCommandProcessor implements Processor<String, byte[], String, OrderResult> {

    /** Expiries per scan: a backlog (after downtime) is worked off over several transactions. */
    static final int MAX_EXPIRIES_PER_SCAN = 5_000;
    static final Duration ENDING_SOON = Duration.ofMinutes(1);
    /** The gauge's count walks the index: not more often than this, and not past the cap. */
    private static final long ENDING_SOON_EVERY_MS = 5_000;
    private static final int ENDING_SOON_COUNT_CAP = 100_000;

    private final MessageValidator validator;
    private final OrderSettings settings;
    private final int partitions;
    private final ProcessingOutcomes outcomes;
    private final Tracing tracing;
    private ProcessorContext<String, OrderResult> context;
    private Holds holds;
    private Tracer tracer;
    private long nextCount;

    OrderCommandProcessor(MessageValidator validator, OrderSettings settings, int partitions,
                          ProcessingOutcomes outcomes, Tracing tracing) {
        this.validator = validator;
        this.settings = settings;
        this.partitions = partitions;
        this.outcomes = outcomes;
        this.tracing = tracing;
    }

    /** Expiry is looked for this often: a tenth of the shortest TTL, between 100 ms and 1 s. */
    static Duration scanInterval(OrderSettings settings) {
        Duration shortest = settings.reservationsExpire() && settings.reservationTtl().compareTo(settings.waitlistTtl()) < 0
                ? settings.reservationTtl() : settings.waitlistTtl();
        long millis = Math.max(100, Math.min(1_000, shortest.toMillis() / 10));
        return Duration.ofMillis(millis);
    }

    @Override
    public void init(ProcessorContext<String, OrderResult> context) {
        this.context = context;
        this.holds = new Holds(context.getStateStore(OrderStores.HOLDS), context.getStateStore(OrderStores.INVENTORY),
                settings);
        this.tracer = Tracer.of(context, tracing, TraceStores.ORDERS);
        context.schedule(scanInterval(settings), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        tracer.failuresOf(record.headers(), () -> apply(record));
    }

    private void apply(Record<String, byte[]> record) {
        OrderCommand command = RecordReader.read(record.value(), validator::orderCommand);
        RecordReader.requireKey(record.key(), command.itemId());
        RecordReader.requirePartition(record.key(), context.recordMetadata().orElseThrow(), partitions);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        // When the broker took the command (order-commands has LogAppendTime): a confirm sent after
        // the hold ended loses, whether or not the expiry scan has come by.
        Instant sentAt = Instant.ofEpochMilli(record.timestamp());
        List<Holds.Moved> moved = switch (command.type()) {
            case CONFIRM -> holds.confirm(command.orderId(), command.itemId(), now, sentAt);
            case CANCEL -> holds.cancel(command.orderId(), command.itemId(), now, sentAt);
        };
        OrderStatus wanted = command.type() == OrderCommand.Type.CONFIRM ? OrderStatus.CONFIRMED : OrderStatus.CANCELLED;
        boolean applied = moved.stream().anyMatch(move -> move.result().orderId().equals(command.orderId())
                && move.result().status() == wanted);
        if (applied) {
            tracer.record(record.headers(), wanted.name(), command.type().name(), command.orderId());
        } else {
            outcomes.commandWithoutEffect(command.type().name());
            tracer.record(record.headers(), TraceEntry.NOT_OPEN, command.type().name(), command.orderId());
        }
        forward(context, moved, record.timestamp(), outcomes);
    }

    private void expire(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        forward(context, holds.expireDue(now, MAX_EXPIRIES_PER_SCAN), wallClockMs, outcomes);
        if (wallClockMs >= nextCount) {
            nextCount = wallClockMs + ENDING_SOON_EVERY_MS;
            outcomes.holdsEndingSoon(context.taskId().toString(), holds.endingWithin(now, ENDING_SOON,
                    ENDING_SOON_COUNT_CAP));
        }
    }

    @Override
    public void close() {
        if (context != null) {
            outcomes.holdsEndingSoon(context.taskId().toString(), 0);
        }
    }

    /** Writes each moved order's new result, under the order's own correlation id. */
    static void forward(ProcessorContext<String, OrderResult> context, List<Holds.Moved> moved, long timestamp,
                        ProcessingOutcomes outcomes) {
        for (Holds.Moved move : moved) {
            OrderResult result = move.result();
            Headers headers = new RecordHeaders();
            KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, result.correlationId());
            context.forward(new Record<>(result.orderId(), result, timestamp, headers));
            outcomes.orderMoved(move.from(), result.status());
        }
    }
}
