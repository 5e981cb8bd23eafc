package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** What the handler answers when the broker refuses a write. */
class DeadLetterHandlerTest {

    private final List<String> lost = new ArrayList<>();
    private final DeadLetterHandler handler = new DeadLetterHandler();

    DeadLetterHandlerTest() {
        handler.configure(Map.of(DeadLetterHandler.TOPIC_MAP_CONFIG, "orders=orders-dlq,events=events-dlq",
                DeadLetterHandler.OUTCOMES_CONFIG, new ProcessingOutcomes() {
                    @Override
                    public void deadLetterLost(String dlqTopic) {
                        lost.add(dlqTopic);
                    }
                }));
    }

    @Test
    void aDeadLetterTheBrokerRefusesIsDroppedAndCountedSoThePartitionGoesOn() {
        var response = handler.handleError(context(), record("orders-dlq"), new RecordTooLargeException("too big"));
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(lost).containsExactly("orders-dlq");
    }

    @Test
    void anyOtherRefusedOutputFailsTheTaskAsExactlyOnceNeeds() {
        var response = handler.handleError(context(), record("order-results"), new RecordTooLargeException("too big"));
        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(lost).isEmpty();
    }

    @Test
    void retriableErrorsAreRetried() {
        var response = handler.handleError(context(), record("orders-dlq"), new NotEnoughReplicasException("later"));
        assertThat(response.result()).isEqualTo(Result.RETRY);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, new byte[1], new byte[1]);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() {
                return "orders";
            }

            public int partition() {
                return 0;
            }

            public long offset() {
                return 7;
            }

            public Headers headers() {
                return new RecordHeaders();
            }

            public String processorNodeId() {
                return "reserve-stock";
            }

            public TaskId taskId() {
                return new TaskId(0, 0);
            }

            public long timestamp() {
                return 0;
            }

            public byte[] sourceRawKey() {
                return new byte[1];
            }

            public byte[] sourceRawValue() {
                return new byte[1];
            }
        };
    }
}
