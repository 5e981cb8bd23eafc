package dev.surge.topology;

import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.MessageValidator;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Applies SET and RESTOCK to an item's level, in the same task that reserves its stock. */
final class InventoryCommandProcessor implements Processor<String, byte[], Void, Void> {

    private final MessageValidator validator;
    private final int partitions;
    private final Tracing tracing;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, InventoryLevel> inventory;
    private Tracer tracer;

    InventoryCommandProcessor(MessageValidator validator, int partitions, Tracing tracing) {
        this.validator = validator;
        this.partitions = partitions;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.inventory = context.getStateStore(OrderStores.INVENTORY);
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
    }
}
