package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record as large as the broker takes, and not an order, on {@code orders}: its dead letter
 * (the value, its headers and Surge's) would not fit in a produce request. It goes to the DLQ cut
 * to size and says so, and the orders behind it on the partition are decided as usual.
 */
class OversizedRecordIT {

    @TempDir
    Path dir;

    @Test
    void aRecordTooLargeForItsDeadLetterDoesNotStopThePartition() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
             RunningSurge surge = new RunningSurge(dir, Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                     "TOPIC_PARTITIONS", "1"))) {
            surge.stock("big-1", 10);
            byte[] junk = new byte[1_048_350];
            Arrays.fill(junk, (byte) 'x');
            RecordHeaders headers = new RecordHeaders();
            headers.add("note", "a header of the producer's".getBytes(StandardCharsets.UTF_8));
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer =
                         new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("orders", null, "big-1", junk, headers)).get();
            }

            HttpResponse<String> order = surge.postJson("/v1/orders",
                    Map.of("user_id", "u1", "item_id", "big-1", "quantity", 1));
            assertThat(order.statusCode()).as(order.body()).isEqualTo(202);
            String orderId = Json.MAPPER.readTree(order.body()).path("order_id").asText();
            HttpResponse<String> decided = surge.get("/v1/orders/" + orderId + "?wait=30s");
            assertThat(decided.statusCode()).as("decided behind the large record: " + decided.body()).isEqualTo(200);
            assertThat(decided.body()).contains("RESERVED");

            List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(kafka.bootstrapServers(), "orders-dlq", 1,
                    Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            ConsumerRecord<byte[], byte[]> letter = dead.getFirst();
            assertThat(header(letter, "reason")).isEqualTo("INVALID_JSON");
            assertThat(header(letter, "value_truncated_from")).isEqualTo("1048350");
            assertThat(header(letter, "note")).isEqualTo("a header of the producer's");
            assertThat(letter.value().length).isLessThan(junk.length);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
