package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One correlation id on orders in every partition, processed by two processors (the real artifact,
 * a JVM each): either answers the whole trace, each entry naming the instance that decided it. When
 * one is killed the other says its answer is partial and whom it lacks, then, once it has taken
 * the partitions over (restored from the changelog), answers the whole trace alone.
 */
class TraceAcrossInstancesIT {

    private static final String ID = "trace-across-1";
    private static final int ORDERS = 12;

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static final List<SurgeProcess> processors = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        for (int i = 0; i < 2; i++) {
            processors.add(SurgeProcess.start(Map.of(
                    "ROLE", "processor",
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TOPIC_PARTITIONS", "6",
                    "STATE_DIR", dir.resolve("streams-" + i).toString()), dir.resolve("processor-" + i + ".log")));
        }
        for (SurgeProcess processor : processors) {
            processor.awaitReady(Duration.ofSeconds(120));
        }
    }

    @AfterAll
    static void stop() {
        processors.forEach(SurgeProcess::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eitherInstanceAnswersTheWholeTraceAndALostOnesEntriesComeBackWithItsPartitions() throws Exception {
        SurgeProcess first = processors.get(0);
        SurgeProcess second = processors.get(1);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < ORDERS; i++) {
                RecordHeaders headers = new RecordHeaders();
                KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, ID);
                String item = "across-" + i;
                producer.send(new ProducerRecord<>("orders", null, item, ("{\"order_id\":\"across-o" + i
                        + "\",\"user_id\":\"u\",\"item_id\":\"" + item + "\",\"quantity\":1}")
                        .getBytes(StandardCharsets.UTF_8), headers));
            }
        }

        JsonNode whole = awaitTrace(first, t -> complete(t) && !t.has("partial"), Duration.ofSeconds(90));
        assertThat(whole.path("entries").findValuesAsText("outcome")).containsOnly("REJECTED");
        Set<String> partitions = new HashSet<>(whole.path("entries").findValuesAsText("partition"));
        assertThat(partitions).as("the orders spread over partitions").hasSizeGreaterThan(2);
        assertThat(whole.path("entries").findValuesAsText("instance")).as("both instances decided some")
                .containsOnly(first.address(), second.address()).contains(first.address(), second.address());
        JsonNode fromSecond = awaitTrace(second, t -> complete(t) && !t.has("partial"), Duration.ofSeconds(30));
        assertThat(fromSecond.path("entries")).isEqualTo(whole.path("entries"));

        second.kill();
        JsonNode partial = awaitTrace(first, t -> t.has("partial"), Duration.ofSeconds(30));
        assertThat(partial.path("missing").toString()).contains(second.address());

        JsonNode alone = awaitTrace(first, t -> complete(t) && !t.has("partial"), Duration.ofSeconds(120));
        assertThat(alone.path("entries")).as("the lost instance's entries, restored with its partitions")
                .isEqualTo(whole.path("entries"));
    }

    private static boolean complete(JsonNode trace) {
        return trace.path("entries").size() == ORDERS;
    }

    /** Asks until the trace satisfies {@code done}: 200s, or 503 with Retry-After while partitions move. */
    private JsonNode awaitTrace(SurgeProcess processor, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode trace = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(processor.base() + "/v1/trace/" + ID))
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isIn(200, 503);
            if (res.statusCode() == 200) {
                trace = Json.MAPPER.readTree(res.body());
                assertThat(res.headers().firstValue("X-Surge-Partial").isPresent()).isEqualTo(trace.has("partial"));
                if (done.test(trace)) {
                    return trace;
                }
            } else {
                assertThat(res.headers().firstValue("Retry-After")).isPresent();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such trace from " + processor.address() + " within " + timeout + ": " + trace
                + "\n" + processor.tail());
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
