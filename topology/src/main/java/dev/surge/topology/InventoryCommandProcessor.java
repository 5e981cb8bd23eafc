package dev.surge.topology;

import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.OrderResult;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies SET and RESTOCK to an item's level, in the same task that reserves its stock. New units
 * serve the item's line first: the orders waiting for them become RESERVED here.
 */
final class InventoryCommandProcessor implements Processor<String, byte[], String, OrderResult> {

    private final MessageValidator validator;
    private final OrderSettings settings;
    private final int partitions;
    private final ProcessingOutcomes outcomes;
    private final Tracing tracing;
    private ProcessorContext<String, OrderResult> context;
    private KeyValueStore<String, InventoryLevel> inventory;
    private Holds holds;
    private Tracer tracer;

    InventoryCommandProcessor(MessageValidator validator, OrderSettings settings, int partitions,
                              ProcessingOutcomes outcomes, Tracing tracing) {
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
        this.holds = new Holds(context.getStateStore(OrderStores.HOLDS), inventory, settings);
        this.tracer = Tracer.of(context, tracing, TraceStores.ORDERS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        tracer.failuresOf(record.headers(), () -> apply(record));
    }

    private void apply(Record<String, byte[]> record) {
        InventoryCommand command = RecordReader.read(record.value(), validator::inventoryCommand);
        RecordReader.requireKey(record.key(), command.itemId());
        RecordReader.requirePartition(record.key(), context.recordMetadata().orElseThrow(), partitions);
        InventoryLevel level = inventory.get(command.itemId());
        if (level == null) {
            level = InventoryLevel.empty(command.itemId());
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        inventory.put(command.itemId(), switch (command.type()) {
            case SET -> level.set(command.quantity(), now);
            case RESTOCK -> level.restock(command.quantity(), now);
        });
        tracer.record(record.headers(), command.type() == InventoryCommand.Type.SET ? TraceEntry.STOCK_SET
                : TraceEntry.RESTOCKED, null, command.itemId());
        OrderCommandProcessor.forward(context, holds.serveLine(command.itemId(), now, now), record.timestamp(),
                outcomes);
    }
}
