package dev.surge.tools.reset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.SurgeConfig;
import dev.surge.local.EmbeddedKafka;
import dev.surge.node.kafka.TopicSetup;
import dev.surge.schemas.AuditRecord;
import dev.surge.schemas.Topics;
import dev.surge.tools.Prompt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command against a real embedded broker holding what a stopped Surge leaves behind, made by
 * hand: input topics with records, an application group with committed offsets, internal topics,
 * a state directory, and a second application whose id starts with the first's. Each test starts
 * from what the one before left. (ResetCommandIT does the same with the real topology.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetCommandKafkaTest {

    private static final Topics TOPICS = Topics.withPrefix("");
    private static final List<String> INTERNAL = List.of("surge-inventory-changelog", "surge-metric-rows-repartition");
    private static final String OTHERS = "surge-staging-inventory-changelog";

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static Admin admin;
    static SurgeConfig cli;

    @BeforeAll
    static void leaveBehindWhatAStoppedSurgeLeaves() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        TopicSetup.ensureTopics(admin, TopicSetup.newTopics(TOPICS, 3, (short) 1));
        TopicSetup.ensureTopics(admin, List.of(new NewTopic(INTERNAL.get(0), 3, (short) 1),
                new NewTopic(INTERNAL.get(1), 3, (short) 1), new NewTopic(OTHERS, 3, (short) 1)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("orders", 0, "sku-1", "order " + i));
            }
            producer.send(new ProducerRecord<>("inventory-commands", 0, "sku-1", "set"));
            producer.send(new ProducerRecord<>(INTERNAL.get(1), 0, "k", "v"));
            producer.flush();
        }
        // Retention took the first two orders.
        admin.deleteRecords(Map.of(new TopicPartition("orders", 0), RecordsToDelete.beforeOffset(2))).all()
                .get(10, TimeUnit.SECONDS);
        admin.alterConsumerGroupOffsets("surge", Map.of(
                new TopicPartition("orders", 0), new OffsetAndMetadata(5),
                new TopicPartition("inventory-commands", 0), new OffsetAndMetadata(1),
                new TopicPartition(INTERNAL.get(1), 0), new OffsetAndMetadata(1))).all().get(10, TimeUnit.SECONDS);
        admin.alterConsumerGroupOffsets("surge-staging", Map.of(new TopicPartition("orders", 0),
                new OffsetAndMetadata(5))).all().get(10, TimeUnit.SECONDS);
        admin.alterConsumerGroupOffsets("surge-dlq", Map.of(new TopicPartition("orders-dlq", 0),
                new OffsetAndMetadata(0))).all().get(10, TimeUnit.SECONDS);
        Files.createDirectories(dir.resolve("streams/surge/0_0/rocksdb/inventory"));
        Files.writeString(dir.resolve("streams/surge/0_0/.checkpoint"), "0\n1\nsurge-inventory-changelog 0 1\n");
        cli = SurgeConfig.load(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "STATE_DIR", dir.resolve("streams").toString()), Map.of());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void whileAConsumerIsInTheGroupItRefusesNamingItAndChangesNothing() {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "surge", ConsumerConfig.CLIENT_ID_CONFIG, "processor-on-test",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }

            Result result = reset(List.of(), "--yes");

            assertThat(result.code()).isEqualTo(1);
            assertThat(result.err()).contains("refusing: processors are running: surge has 1 active member(s) on 1 host(s)")
                    .contains("127.0.0.1: processor-on-test");
            assertThat(result.out()).isEmpty();
        }
        assertNothingChanged();
    }

    @Test
    @Order(2)
    void aDryRunPrintsThePlanAndChangesNothing() {
        Result result = reset(List.of(), "--dry-run");

        assertThat(result.code()).isZero();
        assertThat(result.out())
                .contains("reset of application surge on " + kafka.bootstrapServers() + ", consumer group surge (")
                .containsPattern("orders\\s+3 partitions  committed 5 → 2\n")
                .containsPattern("inventory-commands\\s+3 partitions  committed 1 → 0\n")
                .containsPattern("events\\s+3 partitions  nothing committed → 0\n")
                .contains("order-results       3 partitions  nothing committed → 0  (read back as the order-status")
                .contains("internal topics to delete (2):\n    surge-inventory-changelog\n    surge-metric-rows-repartition\n")
                .contains("left alone, another application's: surge-staging-inventory-changelog (of surge-staging)")
                .contains("local state directory to delete: " + dir.resolve("streams/surge"))
                .contains("not touched: orders-dlq, events-dlq, metrics-daily, metrics-hourly, audit, group surge-dlq")
                .contains("WARNING: the input no longer starts at offset 0 on orders-0 (at 2):\n    retention removed")
                .contains("order-results gets every order's result again")
                .contains("other processor hosts: delete STATE_DIR/surge on each")
                .contains("so their units become available again and are sold\n    a second time")
                .endsWith("dry run: nothing changed; without --force reset refuses (see WARNING)\n");
        assertNothingChanged();
    }

    @Test
    @Order(3)
    void inputRemovedByRetentionIsRefusedWithExit2WithoutForceBeforeAsking() {
        Result result = reset(List.of("reset"), "--yes");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("surge reset: refusing: retention removed the first records of orders-0"
                + " (at 2), and a rebuild without them can give sold units back").contains("pass --force");
        assertThat(result.out()).doesNotContain("Type reset");
        assertNothingChanged();
    }

    @Test
    @Order(4)
    void anAnswerOtherThanResetChangesNothing() {
        Result no = reset(List.of("yes"), "--force");
        Result none = reset(List.of(), "--force");

        assertThat(no.code()).isEqualTo(1);
        assertThat(no.out()).contains("Type reset to reset application surge on " + kafka.bootstrapServers());
        assertThat(no.err()).isEqualTo("surge reset: not confirmed: nothing changed\n");
        assertThat(none.code()).as("end of input").isEqualTo(1);
        assertNothingChanged();
    }

    @Test
    @Order(5)
    void typingResetResetsOffsetsDeletesInternalTopicsAndTheStateDirectoryAndNothingElse() throws Exception {
        Result result = reset(List.of("reset"), "--force");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("reset the offsets of group surge on 15 partitions of orders, inventory-commands,"
                        + " order-commands, events, order-results to the earliest\n")
                .contains("deleted 2 internal topic(s) and the group's offsets on them\n")
                .contains("deleted the local state directory " + dir.resolve("streams/surge") + "\n")
                .contains("done: start the processors; they rebuild state from the input topics\n")
                .containsPattern("audited as cli:\\S+, correlation id [0-9a-f-]{36}\n$");
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets("surge");
        assertThat(offsets).hasSize(15).containsEntry(new TopicPartition("orders", 0), new OffsetAndMetadata(2))
                .containsEntry(new TopicPartition("inventory-commands", 0), new OffsetAndMetadata(0))
                .containsEntry(new TopicPartition("order-results", 2), new OffsetAndMetadata(0));
        assertThat(admin.listTopics().names().get()).doesNotContainAnyElementsOf(INTERNAL).contains(OTHERS)
                .contains("orders-dlq", "events-dlq", "metrics-daily", "metrics-hourly");
        assertThat(offsets("surge-staging")).containsOnlyKeys(new TopicPartition("orders", 0));
        assertThat(offsets("surge-dlq")).containsOnlyKeys(new TopicPartition("orders-dlq", 0));
        assertThat(dir.resolve("streams/surge")).doesNotExist();
        assertThat(dir.resolve("streams")).isDirectory();

        String correlationId = result.out().replaceAll("(?s).*correlation id ([0-9a-f-]{36})\n$", "$1");
        AuditRecord audit = auditRecords().stream().filter(r -> correlationId.equals(r.correlationId()))
                .findFirst().orElseThrow();
        assertThat(audit.who()).isEqualTo("cli:" + System.getProperty("user.name"));
        assertThat(audit.action()).isEqualTo(AuditRecord.Action.RESET);
        assertThat(audit.outcome()).isEqualTo(AuditRecord.Outcome.DONE);
        assertThat(audit.target()).isEqualTo(Map.of("group", "surge"));
        assertThat(audit.details()).containsEntry("forced", "true").containsEntry("truncated_inputs", "orders-0 (at 2)")
                .containsEntry("internal_topics_deleted", String.join(",", INTERNAL));
    }

    @Test
    @Order(6)
    void aSecondResetFindsNothingLeftToDeleteAndSaysSo() {
        Result result = reset(List.of(), "--yes", "--force");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("internal topics: none to delete")
                .contains("local state directory: none at " + dir.resolve("streams/surge"))
                .contains("no local state directory at " + dir.resolve("streams/surge") + ": nothing to delete on this host")
                .doesNotContain("internal topic(s)").doesNotContain("deleted the local state directory");
    }

    private static void assertNothingChanged() {
        try {
            assertThat(offsets("surge")).containsOnlyKeys(new TopicPartition("orders", 0),
                    new TopicPartition("inventory-commands", 0), new TopicPartition(INTERNAL.get(1), 0))
                    .containsEntry(new TopicPartition("orders", 0), new OffsetAndMetadata(5));
            assertThat(admin.listTopics().names().get()).containsAll(INTERNAL).contains(OTHERS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(dir.resolve("streams/surge/0_0/.checkpoint")).exists();
        assertThat(dir.resolve("streams/surge/.lock")).as("a check creates no lock file").doesNotExist();
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every record on the audit topic so far. */
    private static List<AuditRecord> auditRecords() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, AuditRecord> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                TOPICS.audit().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.audit().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<AuditRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.value()));
            }
            return records;
        }
    }

    record Result(int code, String out, String err) {
    }

    /** Runs reset as if on a terminal where these lines are typed. */
    private static Result reset(List<String> typed, String... args) {
        Prompt prompt = Prompt.typing(typed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ResetCommand.run(List.of(args), cli, prompt, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ surge reset " + String.join(" ", args) + " (exit " + code + ")\n" + result.out()
                + result.err());
        return result;
    }
}
