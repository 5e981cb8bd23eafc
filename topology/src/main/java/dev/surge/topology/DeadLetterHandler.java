package dev.surge.topology;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.KafkaHeaders;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' dead-letter hook (KIP-1034): any record whose processing or deserialization throws
 * goes to the DLQ of its source topic with Surge's DLQ headers, and the stream resumes. The DLQ
 * record is written by the task's own producer, so under exactly-once it commits with the offsets.
 * It keeps the source record's key, value and headers, cut to fit a produce request when they would
 * not; a dead letter the broker refuses all the same is dropped rather than retried forever.
 *
 * <p>Configured through {@link #TOPIC_MAP_CONFIG}: "source=dlq,source2=dlq2", and told of each
 * dead letter through the {@link ProcessingOutcomes} object under {@link #OUTCOMES_CONFIG}, if any.
 */
public final class DeadLetterHandler
        implements ProcessingExceptionHandler, DeserializationExceptionHandler, ProductionExceptionHandler {

    public static final String TOPIC_MAP_CONFIG = "surge.dead.letter.topics";
    /** An object, not a string: Kafka Streams hands its original config values to {@link #configure}. */
    public static final String OUTCOMES_CONFIG = "surge.processing.outcomes";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    /**
     * A dead letter must fit one produce request (1 MiB by default) with Surge's headers: a value
     * the broker took whole could otherwise never be dead-lettered, and its task would retry it
     * forever. Values past this are cut; Surge's own records are far smaller.
     */
    static final int MAX_VALUE_BYTES = 512 * 1024;
    /** The same for the source record's own headers, together. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Map<String, String> dlqBySource = new HashMap<>();
    private ProcessingOutcomes outcomes = ProcessingOutcomes.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        Object mapping = configs.get(TOPIC_MAP_CONFIG);
        if (mapping == null) {
            throw new IllegalStateException(TOPIC_MAP_CONFIG + " is not set");
        }
        for (String pair : mapping.toString().split(",")) {
            String[] parts = pair.split("=", 2);
            dlqBySource.put(parts[0].trim(), parts[1].trim());
        }
        if (configs.get(OUTCOMES_CONFIG) instanceof ProcessingOutcomes configured) {
            outcomes = configured;
        }
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        return ProcessingExceptionHandler.Response.resume(deadLetter(context, exception));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        return DeserializationExceptionHandler.Response.resume(deadLetter(context, exception));
    }

    /**
     * A write the broker refused. A dead letter is dropped (counted, and its source named in the log):
     * retrying it would stop its partition for good. Any other output fails the task as Kafka
     * Streams would, so that exactly-once holds; retriable errors are retried.
     */
    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandler.Response.retry();
        }
        if (dlqBySource.containsValue(record.topic())) {
            log.error("dead letter of {}-{}@{} refused by the broker and dropped: {}", context.topic(),
                    context.partition(), context.offset(), describe(exception));
            outcomes.deadLetterLost(record.topic());
            return ProductionExceptionHandler.Response.resume();
        }
        return ProductionExceptionHandler.Response.fail();
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, Exception exception) {
        String dlqTopic = dlqBySource.get(context.topic());
        DlqRecord.Reason reason = InvalidRecordException.reasonOf(exception);
        String error = exception instanceof InvalidRecordException ? exception.getMessage() : describe(exception);
        if (reason == DlqRecord.Reason.PROCESSING_ERROR) {
            log.error("record {}-{}@{} failed in {}; sent to {}", context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), dlqTopic, exception);
        } else {
            log.debug("record {}-{}@{} refused: {} {}", context.topic(), context.partition(), context.offset(),
                    reason, error);
        }
        outcomes.deadLettered(context.topic(), reason);
        if (dlqTopic == null) {
            // A topic without a DLQ (an internal one): the record is skipped, which the log above says.
            return List.of();
        }
        RecordHeaders headers = new RecordHeaders();
        int headerBytes = 0;
        int dropped = 0;
        for (Header header : context.headers()) {
            int size = header.key().length() + (header.value() == null ? 0 : header.value().length);
            if (headerBytes + size > MAX_HEADER_BYTES) {
                dropped++;
            } else {
                headerBytes += size;
                headers.add(header);
            }
        }
        byte[] value = context.sourceRawValue();
        Long cutFrom = null;
        if (value != null && value.length > MAX_VALUE_BYTES) {
            cutFrom = (long) value.length;
            value = Arrays.copyOf(value, MAX_VALUE_BYTES);
        }
        new DlqRecord(reason, error, context.topic(), context.partition(), context.offset(),
                KafkaHeaders.text(context.headers(), KafkaHeaders.CORRELATION_ID),
                Instant.now(), cutFrom, dropped > 0 ? dropped : null).writeTo(headers);
        return List.of(new ProducerRecord<>(dlqTopic, null, context.sourceRawKey(), value, headers));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
