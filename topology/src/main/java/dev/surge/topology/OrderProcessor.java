package dev.surge.topology;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.schemas.CorrelationIds;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.OrderRequest;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * validate → dedup → reserve stock, for one order at a time. Orders are keyed by item_id, so every
 * order for an item and every inventory command for it meet in one task: a reservation is a plain
 * read-modify-write of that item's level, with no race and no oversell. Records that cannot be read
 * throw {@link InvalidRecordException}; {@link DeadLetterHandler} sends them to the DLQ.
 */
final class OrderProcessor implements Processor<String, byte[], String, OrderResult> {

    private static final Logger log = LoggerFactory.getLogger(OrderProcessor.class);

    private final MessageValidator validator;
    private final OrderSettings settings;
    private final int partitions;
    private final ProcessingOutcomes outcomes;
    private final Tracing tracing;
    private ProcessorContext<String, OrderResult> context;
    private KeyValueStore<String, InventoryLevel> inventory;
    private KeyValueStore<String, Long> userUnits;
    private Deduplicator dedup;
    private Holds holds;
    private Tracer tracer;

    OrderProcessor(MessageValidator validator, OrderSettings settings, int partitions, ProcessingOutcomes outcomes,
                   Tracing tracing) {
        this.validator = validator;
        this.settings = settings;
        this.partitions = partitions;
        this.outcomes = outcomes;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<String, OrderResult> context) {
        this.context = context;
        this.inventory = context.getStateStore(OrderStores.INVENTORY);
        this.dedup = new Deduplicator(context.getStateStore(OrderStores.DEDUP), settings.dedupWindow());
        this.holds = new Holds(context.getStateStore(OrderStores.HOLDS), inventory, settings);
        if (settings.perUserLimitEnabled()) {
            this.userUnits = context.getStateStore(OrderStores.USER_UNITS);
            long period = settings.perUserPeriod().toMillis();
            context.schedule(Duration.ofMillis(Math.min(period, Duration.ofHours(1).toMillis())),
                    PunctuationType.STREAM_TIME, now -> forgetPeriodsBefore(now / period));
        }
        this.tracer = Tracer.of(context, tracing, TraceStores.ORDERS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        tracer.failuresOf(record.headers(), () -> decide(record));
    }

    private void decide(Record<String, byte[]> record) {
        OrderRequest order = RecordReader.read(record.value(), validator::order);
        RecordReader.requireKey(record.key(), order.itemId());
        RecordReader.requirePartition(record.key(), context.recordMetadata().orElseThrow(), partitions);
        if (order.orderId() == null) {
            order = order.withOrderId(derivedOrderId());
        } else if (order.orderId().startsWith(OrderRequest.DERIVED_ID_PREFIX)) {
            // Such an id could be the one derived for another order, whose row it would then replace.
            throw new InvalidRecordException(DlqRecord.Reason.SCHEMA_VIOLATION, "order_id: the prefix '"
                    + OrderRequest.DERIVED_ID_PREFIX + "' is reserved for ids Surge derives; leave order_id out");
        }
        String idempotencyKey = RecordReader.idempotencyKey(record.headers(), order.orderId());
        // Any producer writes these headers: a junk correlation id is replaced, never copied into logs.
        String offeredId = KafkaHeaders.text(record.headers(), KafkaHeaders.CORRELATION_ID);
        String correlationId = CorrelationIds.acceptOrCreate(offeredId, "kafka");
        Outcome outcome = new Outcome(order, correlationId,
                Instant.ofEpochMilli(record.timestamp()), Instant.ofEpochMilli(context.currentSystemTimeMs()));

        var seen = dedup.check(order.orderId(), idempotencyKey, record.timestamp());
        if (seen.isPresent()) {
            if (!seen.get().sameOrder()) {
                // The duplicate is an order of its own: its one result is this, even if it comes again.
                dedup.rememberOrder(order.orderId(), record.timestamp());
                emit(record, outcome.duplicateOf(seen.get().originalOrderId()), offeredId);
            } else {
                // The same order delivered again already has its one result: nothing more to say.
                if (log.isDebugEnabled()) {
                    RecordMetadata meta = context.recordMetadata().orElseThrow();
                    log.debug("order {} at {}-{}@{} already decided (task {})", order.orderId(), meta.topic(),
                            meta.partition(), meta.offset(), context.taskId());
                }
                tracer.record(offeredId, TraceEntry.DUPLICATE, TraceEntry.ALREADY_DECIDED, order.orderId());
            }
            return;
        }
        OrderResult result = reserve(order, outcome);
        // Remembered only once decided: an order that failed goes to the DLQ and may be replayed.
        dedup.remember(order.orderId(), idempotencyKey, record.timestamp());
        emit(record, result, offeredId);
    }

    private OrderResult reserve(OrderRequest order, Outcome outcome) {
        InventoryLevel level = inventory.get(order.itemId());
        if (level == null) {
            return outcome.of(OrderStatus.REJECTED, OrderResult.UNKNOWN_ITEM, null, null);
        }
        String userKey = userKey(outcome.acceptedAt().toEpochMilli(), order);
        long userHas = 0;
        if (userUnits != null) {
            Long units = userUnits.get(userKey);
            userHas = units == null ? 0 : units;
            if (userHas + order.quantity() > settings.perUserLimit()) {
                return outcome.of(OrderStatus.REJECTED, OrderResult.LIMIT_EXCEEDED, level.available(), null);
            }
        }
        if (!level.canReserve(order.quantity())) {
            if (order.waits() && holds.lineHasRoom(level)) {
                OrderResult waiting = outcome.of(OrderStatus.WAITLISTED, null, level.available(),
                        holds.waitEnds(outcome.processedAt()));
                holds.waiting(waiting, context.recordMetadata().orElseThrow().offset(), level);
                countForUser(userKey, userHas, order);
                return waiting;
            }
            String reason = level.available() > 0 ? OrderResult.INSUFFICIENT_STOCK : null;
            return outcome.of(OrderStatus.SOLD_OUT, reason, level.available(), null);
        }
        InventoryLevel after = level.reserve(order.quantity(), outcome.processedAt());
        inventory.put(order.itemId(), after);
        countForUser(userKey, userHas, order);
        OrderResult reserved = outcome.of(OrderStatus.RESERVED, null, after.available(),
                holds.reservationEnds(outcome.processedAt()));
        holds.held(reserved);
        return reserved;
    }

    /** A waiting order's units count too: the line may give them to it. */
    private void countForUser(String userKey, long userHas, OrderRequest order) {
        if (userUnits != null) {
            userUnits.put(userKey, userHas + order.quantity());
        }
    }

    /**
     * "period|item|user", the period first (zero-padded, so keys sort by it) so that the periods
     * gone by are one range to delete: the store holds the current period's users, not every
     * user who ever bought.
     */
    private String userKey(long at, OrderRequest order) {
        return period(at / settings.perUserPeriod().toMillis()) + order.itemId() + "|" + order.userId();
    }

    private static String period(long number) {
        String digits = Long.toString(number);
        return "0".repeat(Math.max(0, 12 - digits.length())) + digits + "|";
    }

    private void forgetPeriodsBefore(long current) {
        if (current == 0) {
            return;
        }
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Long> old = userUnits.range("", period(current - 1) + '\uffff')) {
            old.forEachRemaining(entry -> gone.add(entry.key));
        }
        gone.forEach(userUnits::delete);
    }

    private void emit(Record<String, byte[]> input, OrderResult result, String offeredId) {
        // Headers of our own, not the producer's: a forged replayed_from or a raw correlation id stays behind.
        Headers headers = new RecordHeaders();
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, result.correlationId());
        context.forward(new Record<>(result.orderId(), result, input.timestamp(), headers));
        tracer.record(offeredId, result.status().name(), result.reason(), result.orderId());
        outcomes.orderDecided(result.status(), Duration.ofMillis(context.currentSystemTimeMs() - input.timestamp()));
    }

    /**
     * An order written without order_id (by kcat, say) gets one from its position in the log:
     * stable when the record is processed again after a crash, unlike a random id.
     */
    private String derivedOrderId() {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        return OrderRequest.DERIVED_ID_PREFIX + meta.partition() + "-" + meta.offset();
    }

    /** The fields every result of one order shares. */
    private record Outcome(OrderRequest order, String correlationId, Instant acceptedAt, Instant processedAt) {

        OrderResult of(OrderStatus status, String reason, Long remaining, Instant expiresAt) {
            return new OrderResult(order.orderId(), order.itemId(), order.userId(), order.quantity(), status,
                    reason, null, remaining, correlationId, acceptedAt, processedAt, order.clientOrderId(),
                    order.placedBy(), expiresAt);
        }

        OrderResult duplicateOf(String original) {
            return new OrderResult(order.orderId(), order.itemId(), order.userId(), order.quantity(),
                    OrderStatus.DUPLICATE, OrderResult.DUPLICATE_OF_ORDER, original, null, correlationId,
                    acceptedAt, processedAt, order.clientOrderId(), order.placedBy(), null);
        }
    }
}
