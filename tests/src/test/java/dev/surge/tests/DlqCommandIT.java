package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.SurgeConfig;
import dev.surge.node.dlq.DlqBacklog;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.tools.Prompt;
import dev.surge.tools.dlq.DlqCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code surge dlq} against the real topology on a real embedded broker, run in-process. Records
 * that any producer could write are dead-lettered by the topology first; the tests then list,
 * show and replay them in order, each test starting from what the one before left.
 *
 * <p>orders-dlq gets, in this order and all on one partition (one key): two records that are not
 * JSON, one schema violation, one valid order on the wrong partition. events-dlq gets one record
 * that is not JSON and one event two days late.
 *
 * <p>The misplaced order is sent with a {@code rerouted_from} header already set. Without it the
 * topology's PartitionRouter would re-produce it to its key's partition and reserve it, and it
 * would never reach the DLQ. With it, it models a record that was rerouted once and arrives
 * misplaced again (the producer and Surge disagree on the partition count): that one is
 * dead-lettered as WRONG_PARTITION. Replay keeps the source headers, {@code rerouted_from} too,
 * but lets murmur2 of the key pick the partition, so the copy lands on the right partition, where
 * the router does not look at the header, and is reserved.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DlqCommandIT {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String ITEM = "dlq-item";
    private static final String MISPLACED = "dlq-misplaced-1";
    private static final String RED = "\u001b[31m";

    @TempDir
    static Path dir;

    static RunningSurge surge;
    /** What an operator's environment would hold: the running broker's address. */
    static SurgeConfig cli;

    @BeforeAll
    static void start() throws Exception {
        surge = new RunningSurge(dir, Map.of());
        cli = SurgeConfig.load(Map.of("KAFKA_BOOTSTRAP_SERVERS", surge.node.bootstrapServers()), Map.of());
        surge.stock(ITEM, 5);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> hostile = record("orders", null, ITEM, "not json 1", "dlq-garbage-1");
            // What a terminal would act on: a colour, a forged line, a window title.
            hostile.headers().add(RED + "evil\nline", (RED + "\u001b]0;pwned\u0007").getBytes(StandardCharsets.UTF_8));
            producer.send(hostile);
            producer.send(record("orders", null, ITEM, "not json 2", "dlq-garbage-2"));
            producer.send(record("orders", null, ITEM, "{\"item_id\":\"dlq-item\",\"quantity\":0}", "dlq-schema-1"));
            producer.flush();
            awaitDlq("orders-dlq", records -> records.size() >= 3);
            // Only now, so that it sits behind the others on its DLQ partition.
            int home = Topics.partitionOf(ITEM, 3);
            ProducerRecord<byte[], byte[]> misplaced = record("orders", (home + 1) % 3, ITEM, "{\"order_id\":\""
                    + MISPLACED + "\",\"user_id\":\"u1\",\"item_id\":\"dlq-item\",\"quantity\":2}", "dlq-misplaced");
            // Rerouted once already, so the router leaves it to the processor: WRONG_PARTITION.
            KafkaHeaders.put(misplaced.headers(), "rerouted_from", "orders-0@0");
            producer.send(misplaced);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
            producer.send(record("events", null, "dlq-s1", "{broken", "dlq-event-garbage"));
            producer.send(record("events", null, "dlq-s2", eventJson("dlq-e0", now), "dlq-on-time"));
            producer.send(record("events", null, "dlq-s2", eventJson("dlq-e1", now.minus(2, ChronoUnit.DAYS)),
                    "dlq-late"));
        }
        awaitDlq("orders-dlq", records -> records.size() >= 4);
        awaitDlq("events-dlq", records -> records.size() >= 2);
    }

    @AfterAll
    static void stop() {
        surge.close();
    }

    @Test
    @Order(1)
    void listCountsEveryDeadLetterAsPendingByReason() {
        Result list = dlq("list");

        assertThat(list.code()).isZero();
        assertThat(list.out()).containsPattern(row("orders-dlq", "INVALID_JSON", 2, 2))
                .containsPattern(row("orders-dlq", "SCHEMA_VIOLATION", 1, 1))
                .containsPattern(row("orders-dlq", "WRONG_PARTITION", 1, 1))
                .containsPattern(row("orders-dlq", "\\(all\\)", 4, 4) + "\\d+[smhd].* ago \\(20")
                .containsPattern(row("events-dlq", "INVALID_JSON", 1, 1))
                .containsPattern(row("events-dlq", "LATE", 1, 1))
                .containsPattern(row("events-dlq", "\\(all\\)", 2, 2))
                .contains("consumer group surge-dlq");
        assertThat(dlq("list", "--topic", "events-dlq").out()).doesNotContain("orders-dlq ");

        try (DlqBacklog backlog = DlqBacklog.open(surge.node.clientConfig(), "surge")) {
            assertThat(backlog.measure("events-dlq").pending()).isEqualTo(2);
            DlqBacklog.Backlog orders = backlog.measure("orders-dlq");
            assertThat(orders.pending()).isEqualTo(4);
            assertThat(orders.oldestPendingAge(Instant.now())).hasValueSatisfying(age -> assertThat(age)
                    .isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofMinutes(5)));
        }
    }

    @Test
    @Order(2)
    void showPicksRecordsByReasonCorrelationIdAndTime() {
        String invalid = dlq("show", "--topic", "orders-dlq", "--reason", "invalid_json").out();
        assertThat(invalid).contains("orders-dlq: 2 pending record(s) matching reason INVALID_JSON")
                .contains("value      not json 1").contains("value      not json 2")
                .contains("correlation_id=dlq-garbage-1").contains("source     orders-")
                .doesNotContain(MISPLACED).doesNotContain("events-dlq")
                .contains("\\u001b[31mevil\\nline=\\u001b[31m\\u001b]0;pwned\\u0007").doesNotContain("\u001b");

        String misplaced = dlq("show", "--correlation-id", "dlq-misplaced").out();
        assertThat(misplaced).contains("orders-dlq: 1 pending record(s)").contains("WRONG_PARTITION  pending")
                .contains(MISPLACED).contains("events-dlq: 0 pending record(s)");

        String oldest = dlq("show", "--topic", "orders-dlq", "--since", "1h", "--limit", "1").out();
        assertThat(oldest).contains("4 pending record(s) matching failed since").contains("the oldest 1")
                .contains("not json 1").doesNotContain("not json 2");

        String future = dlq("show", "--since", Instant.now().plus(1, ChronoUnit.HOURS).toString()).out();
        assertThat(future).contains("orders-dlq: 0 pending").contains("events-dlq: 0 pending");
    }

    @Test
    @Order(3)
    void aDryRunListsWhatItWouldReplayAndChangesNothing() {
        Map<TopicPartition, Long> before = endOffsets("orders", "events");

        Result bare = dlq("replay", "--dry-run");
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).contains("which records? give --reason, --since or --correlation-id, or --all");

        Result dryRun = dlq("replay", "--all", "--dry-run");

        assertThat(dryRun.code()).isZero();
        assertThat(dryRun.out()).contains("would replay 4 (orders 4)").contains("would replay 2 (events 2)")
                .contains("would replay orders-dlq-").contains("dry run: nothing produced, nothing committed");
        assertThat(endOffsets("orders", "events")).isEqualTo(before);
        assertThat(committed("orders-dlq").values()).allMatch(Objects::isNull);
        assertThat(dlq("list").out()).containsPattern(row("orders-dlq", "\\(all\\)", 4, 4));
    }

    @Test
    @Order(4)
    void replayingTheMisplacedOrderGetsItProcessedAndASecondRunReplaysNothing() throws Exception {
        Map<TopicPartition, Long> before = endOffsets("orders", "events");
        Result script = dlq("replay", "--reason", "WRONG_PARTITION");
        assertThat(script.code()).as("no terminal, no --yes").isEqualTo(2);
        assertThat(script.err()).contains("stdin is not a terminal, so nobody can confirm: pass --yes");
        Result declined = dlq(List.of("no"), "replay", "--reason", "WRONG_PARTITION");
        assertThat(declined.code()).isEqualTo(1);
        assertThat(declined.out()).contains("Type replay to replay 1 record(s) (1 from orders-dlq to orders 1) and"
                + " mark them handled in group surge-dlq");
        assertThat(declined.err()).contains("not confirmed: nothing replayed");
        assertThat(endOffsets("orders", "events")).isEqualTo(before);

        Result replay = dlq(List.of("replay"), "replay", "--reason", "WRONG_PARTITION");

        assertThat(replay.code()).isZero();
        assertThat(replay.out()).contains("orders-dlq: replayed 1 (orders 1); left 3 pending (3 not matching")
                .contains("[####################] 100%").contains("committed to group surge-dlq");
        HttpResponse<String> result = surge.get("/v1/orders/" + MISPLACED + "?wait=15s");
        assertThat(result.statusCode()).isEqualTo(200);
        OrderResult order = Json.MAPPER.readValue(result.body(), OrderResult.class);
        assertThat(order.status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(order.correlationId()).isEqualTo("dlq-misplaced");

        String correlationId = replay.out().replaceAll("(?s).*correlation id ([0-9a-f-]{36})\n$", "$1");
        List<AuditRecord> audits = Topics.auditRecords(surge.node.bootstrapServers(), 2, SETTLE).stream()
                .filter(a -> correlationId.equals(a.correlationId())).toList();
        assertThat(audits).extracting(a -> a.target().get("topic")).containsExactlyInAnyOrder("orders-dlq",
                "events-dlq");
        assertThat(audits).allSatisfy(a -> {
            assertThat(a.who()).isEqualTo("cli:" + System.getProperty("user.name"));
            assertThat(a.action()).isEqualTo(AuditRecord.Action.DLQ_REPLAY);
            assertThat(a.target()).containsEntry("group", "surge-dlq");
            assertThat(a.details()).containsEntry("filter", "reason WRONG_PARTITION");
        });
        assertThat(audits).filteredOn(a -> a.target().get("topic").equals("orders-dlq")).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("replayed", "1")
                        .containsEntry("replayed_to", "orders 1").containsEntry("left_pending", "3"));

        Result again = dlq("replay", "--reason", "WRONG_PARTITION", "--yes");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("orders-dlq: replayed 0; left 3 pending").doesNotContain("committed to");
        // The three records ahead of it are pending, so the offset stays before them and the
        // replayed one is named in the commit's metadata.
        assertThat(committed("orders-dlq").values()).filteredOn(Objects::nonNull).singleElement()
                .satisfies(offset -> assertThat(offset.metadata()).startsWith("replayed:"));
        assertThat(dlq("list").out()).containsPattern(row("orders-dlq", "WRONG_PARTITION", 0, 1))
                .containsPattern(row("orders-dlq", "\\(all\\)", 3, 4));
    }

    @Test
    @Order(5)
    void recordsThatFailAgainComeBackToTheDlqMarkedAsReplayedAndOnlyThoseArePending() {
        Map<String, String> positions = new HashMap<>();
        Stream.of("orders-dlq", "events-dlq").forEach(topic -> Topics.readCommitted(surge.node.bootstrapServers(),
                topic, 1, Duration.ofSeconds(2)).forEach(r ->
                positions.put(header(r, KafkaHeaders.CORRELATION_ID), topic + "-" + r.partition() + "@" + r.offset())));

        Result replay = dlq("replay", "--all", "--yes");

        assertThat(replay.code()).isZero();
        assertThat(replay.out()).contains("orders-dlq: replayed 3 (orders 3)")
                .contains("events-dlq: replayed 2 (events 2)");
        List<ConsumerRecord<byte[], byte[]>> orders = awaitDlq("orders-dlq", records -> replayed(records) >= 3);
        List<ConsumerRecord<byte[], byte[]>> events = awaitDlq("events-dlq", records -> replayed(records) >= 2);
        assertThat(Stream.concat(orders.stream(), events.stream()).filter(r -> header(r, "replayed_from") != null))
                .hasSize(5).allSatisfy(r -> {
                    assertThat(header(r, "replayed_from")).isEqualTo(positions.get(header(r, "correlation_id")));
                    assertThat(header(r, "replayed_at")).isNotBlank();
                });
        assertThat(events).filteredOn(r -> "dlq-late".equals(header(r, "correlation_id"))
                        && header(r, "replayed_from") != null)
                .singleElement().satisfies(r ->
                        assertThat(DlqRecord.readFrom(r.headers()).reason()).isEqualTo(DlqRecord.Reason.LATE));

        assertThat(dlq("list").out()).containsPattern(row("orders-dlq", "\\(all\\)", 3, 7))
                .containsPattern(row("events-dlq", "\\(all\\)", 2, 4));
        assertThat(dlq("show", "--topic", "events-dlq").out()).contains("replayed_from=events-dlq-")
                .contains("LATE  pending");
    }

    record Result(int code, String out, String err) {
    }

    /** Runs the command as a script would: no terminal to ask on. */
    static Result dlq(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DlqCommand.run(List.of(args), cli, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ surge dlq " + String.join(" ", args) + " (exit " + code + ")\n" + result.out() + result.err());
        return result;
    }

    /** Runs the command as if on a terminal where these lines are typed. */
    static Result dlq(List<String> typed, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DlqCommand.run(List.of(args), cli, Clock.systemUTC(), Prompt.typing(typed),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ surge dlq " + String.join(" ", args) + " (typed " + typed + ", exit " + code + ")\n"
                + result.out() + result.err());
        return result;
    }

    /** A row of {@code dlq list}: topic, reason, pending, total. */
    static String row(String topic, String reason, int pending, int total) {
        return topic + "\\s+" + reason + "\\s+" + pending + "\\s+" + total + "\\s+";
    }

    static ProducerRecord<byte[], byte[]> record(String topic, Integer partition, String key, String value,
                                                 String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        KafkaHeaders.put(headers, KafkaHeaders.CORRELATION_ID, correlationId);
        return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers);
    }

    static String eventJson(String id, Instant at) {
        return "{\"event_id\":\"" + id + "\",\"session_id\":\"dlq-s2\",\"event_type\":\"review\","
                + "\"event_action\":\"submit\",\"timestamp\":\"" + at + "\"}";
    }

    static List<ConsumerRecord<byte[], byte[]>> awaitDlq(String topic,
                                                         Predicate<List<ConsumerRecord<byte[], byte[]>>> enough) {
        List<ConsumerRecord<byte[], byte[]>> records = Topics.readUntil(surge.node.bootstrapServers(), topic, enough,
                SETTLE);
        assertThat(enough).as(topic + " never got there: " + records.size() + " records").accepts(records);
        return records;
    }

    static long replayed(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(r -> header(r, "replayed_from") != null).count();
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return KafkaHeaders.text(record.headers(), name);
    }

    static Map<TopicPartition, Long> endOffsets(String... topics) {
        return onPartitions(null, List.of(topics), KafkaConsumer::endOffsets);
    }

    /** The DLQ group's committed offsets for a topic's partitions (null where none). */
    static Map<TopicPartition, OffsetAndMetadata> committed(String topic) {
        return onPartitions("surge-dlq", List.of(topic), (consumer, partitions) ->
                new HashMap<>(consumer.committed(new HashSet<>(partitions))));
    }

    static <T> T onPartitions(String groupId, List<String> topics,
                              BiFunction<KafkaConsumer<byte[], byte[]>, List<TopicPartition>, T> read) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            return read.apply(consumer, partitions);
        }
    }
}
