package dev.surge.topology;

import dev.surge.schemas.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends a record that a producer put on another partition than its key's murmur2 partition to that
 * partition, and lets the rest through. librdkafka's clients (kcat, Python, Go, .NET, Node) hash
 * keys with CRC32 by default, the Java client with murmur2; an item's orders and commands must meet
 * in one task, so a record is only processed on its key's partition. The copy is written to the
 * same topic inside the task's transaction, with the source offset: on a crash both are undone
 * together, so it is never lost and never doubled. It carries {@value #REROUTED_FROM}; a record
 * that arrives misplaced once more is not sent round again but left to the processor, which sends
 * it to the DLQ as WRONG_PARTITION (the producer and Surge disagree on the partition count).
 */
final class PartitionRouter implements Processor<String, byte[], String, byte[]> {

    static final String REROUTED_FROM = "rerouted_from";

    private final int partitions;
    private final String process;
    private final String reroute;
    private ProcessorContext<String, byte[]> context;

    /**
     * @param process the name of the node that processes a record on its partition
     * @param reroute the name of the sink that writes a misplaced one to its partition
     */
    PartitionRouter(int partitions, String process, String reroute) {
        this.partitions = partitions;
        this.process = process;
        this.reroute = reroute;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata where = context.recordMetadata().orElseThrow();
        if (record.key() == null || where.partition() == partitionOf(record.key(), partitions)
                || record.headers().lastHeader(REROUTED_FROM) != null) {
            context.forward(record, process);
            return;
        }
        Record<String, byte[]> copy = record.withHeaders(new RecordHeaders(record.headers().toArray()));
        KafkaHeaders.put(copy.headers(), REROUTED_FROM, where.topic() + "-" + where.partition() + "@" + where.offset());
        context.forward(copy, reroute);
    }

    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The sink's partitioner: murmur2 of the key, as the Java client places it. */
    static StreamPartitioner<String, byte[]> murmur2() {
        return (topic, key, value, numPartitions) -> Optional.of(Set.of(partitionOf(key, numPartitions)));
    }
}
