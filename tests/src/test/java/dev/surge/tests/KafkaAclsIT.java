package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.SurgeConfig;
import dev.surge.local.BrokerSecurity;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.tools.acls.AclsCommand;
import dev.surge.tools.dlq.DlqCommand;
import dev.surge.tools.reset.ResetCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
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
 * Kafka as the trust boundary: a broker that authenticates (SASL/PLAIN) and authorizes
 * (StandardAuthorizer, nothing allowed without an ACL), the topics and the ACL matrix made by
 * {@code surge acls --apply} as the admin, then an ingress node and a processor node each under
 * its own principal doing their work, the operator's commands under the operator's, and what
 * each principal must not do refused by the broker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaAclsIT {

    private static final BrokerSecurity SECURITY = new BrokerSecurity("admin", Map.of(
            "admin", "admin-secret", "ingress", "ingress-secret", "processor", "processor-secret",
            "operator", "operator-secret"));
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Pattern DLQ_EMPTY = Pattern.compile("processor_dlq_size\\{[^}]*topic=\"orders-dlq\"[^}]*} 0\\.0");

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static RunningSurge processor;
    static RunningSurge ingress;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.startSecured(dir.resolve("kafka"), SECURITY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int applied = AclsCommand.run(List.of("--apply", "--ingress", "User:ingress", "--processor", "User:processor",
                "--operator", "User:operator"), config("admin"), new PrintStream(out, true), new PrintStream(err, true));
        assertThat(applied).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ACLs added");

        processor = new RunningSurge(dir.resolve("processor"), node("processor", "processor"));
        ingress = new RunningSurge(dir.resolve("ingress"), node("ingress", "ingress"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {ingress, processor, kafka}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    @Test
    @Order(1)
    void ordersTakenByTheIngressAreReservedByTheProcessor() throws Exception {
        assertThat(ingress.send("PUT", "/v1/admin/inventory/acl-1", Map.of("stock", 5)).statusCode()).isEqualTo(202);
        HttpResponse<String> accepted = ingress.postJson("/v1/orders",
                Map.of("user_id", "u1", "item_id", "acl-1", "quantity", 2));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String orderId = Json.MAPPER.readTree(accepted.body()).path("order_id").asText();

        HttpResponse<String> result = processor.get("/v1/orders/" + orderId + "?wait=30s");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        OrderResult order = Json.MAPPER.readValue(result.body(), OrderResult.class);
        assertThat(order.status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(order.remaining()).isEqualTo(3);

        // Paid: the processor sends the confirm with a producer of its own, under its own principal.
        HttpResponse<String> confirmed = processor.post("/v1/orders/" + orderId + "/confirm", new byte[0]);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readValue(confirmed.body(), OrderResult.class).status())
                .isEqualTo(OrderStatus.CONFIRMED);
    }

    /**
     * A producer that hashes keys as librdkafka does puts an order on another partition: the
     * processor copies it to its key's partition under its own rights (WRITE on orders) and
     * reserves it there.
     */
    @Test
    @Order(2)
    void anOrderOnTheWrongPartitionIsSentOnUnderTheProcessorsRightsAndReserved() throws Exception {
        assertThat(ingress.send("PUT", "/v1/admin/inventory/acl-2", Map.of("stock", 3)).statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (processor.get("/v1/inventory/acl-2").statusCode() != 200) {
            assertThat(System.nanoTime()).as("stock of acl-2 visible").isLessThan(deadline);
            Thread.sleep(100);
        }
        int wrong = (Topics.partitionOf("acl-2", 3) + 1) % 3;
        String order = "{\"order_id\":\"acl-misplaced\",\"user_id\":\"u2\",\"item_id\":\"acl-2\",\"quantity\":1}";
        try (KafkaProducer<byte[], byte[]> admin = producer("admin")) {
            admin.send(new ProducerRecord<>("orders", wrong, "acl-2".getBytes(), order.getBytes())).get();
        }

        HttpResponse<String> result = processor.get("/v1/orders/acl-misplaced?wait=30s");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readValue(result.body(), OrderResult.class).status()).isEqualTo(OrderStatus.RESERVED);
    }

    @Test
    @Order(2)
    void eventsTakenByTheIngressAreCountedByTheProcessor() throws Exception {
        Instant at = Instant.now().minusSeconds(5);
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        HttpResponse<String> accepted = ingress.postJson("/v1/events", List.of(
                EventsEndToEndIT.event("acl-e1", "acl-s1", "acl-u1", "acl_view", "view", at),
                EventsEndToEndIT.event("acl-e2", "acl-s1", "acl-u1", "acl_view", "scroll", at)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        long deadline = System.nanoTime() + SETTLE.toNanos();
        Map<String, Long> byType = Map.of();
        while (System.nanoTime() < deadline && byType.getOrDefault("acl_view", 0L) < 2) {
            byType = EventsEndToEndIT.daily(processor, day, "events", "event_type");
            Thread.sleep(200);
        }
        assertThat(byType).containsEntry("acl_view", 2L);
    }

    @Test
    @Order(3)
    void eachNodeSeesKafkaHealthyAndTheProcessorMeasuresLag() throws Exception {
        for (RunningSurge node : List.of(ingress, processor)) {
            JsonNode health = Json.MAPPER.readTree(node.get("/health").body());
            assertThat(health.path("components").path("kafka").path("status").asText()).as(health.toString())
                    .isEqualTo("UP");
        }
        HttpResponse<String> lag = processor.get("/v1/lag");
        assertThat(lag.statusCode()).as(lag.body()).isEqualTo(200);
        assertThat(lag.body()).contains("\"group\":\"surge\"").contains("\"group\":\"surge-dlq\"");
        // The DLQ backlog gauges read through the group surge-dlq: a number once measured, NaN while refused.
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline && !DLQ_EMPTY.matcher(metrics).find()) {
            metrics = processor.get("/metrics").body();
            Thread.sleep(200);
        }
        assertThat(metrics).containsPattern(DLQ_EMPTY);
    }

    @Test
    @Order(4)
    void theIngressMayNeitherForgeResultsNorJoinTheApplication() {
        assertThatThrownBy(() -> produce("ingress", "order-results"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> joinGroup("ingress", "surge", "orders"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> produce("ingress", "metrics-daily"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    @Order(5)
    void theProcessorMayNeitherSendEventsNorMakeTopics() {
        assertThatThrownBy(() -> produce("processor", "events"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> produce("processor", "audit"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> {
            try (Admin admin = Admin.create(client("processor"))) {
                admin.createTopics(List.of(new NewTopic("stray", 1, (short) 1))).all().get();
            }
        }).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    @Order(6)
    void theOperatorListsAndReplaysDeadLettersButMayNotForgeResults() throws Exception {
        // Garbage straight to Kafka (as the admin: no part of Surge may write it) ends in orders-dlq.
        try (KafkaProducer<byte[], byte[]> admin = producer("admin")) {
            admin.send(new ProducerRecord<>("orders", "acl-1".getBytes(), "not json".getBytes())).get();
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String listed = "";
        while (System.nanoTime() < deadline && !listed.contains("INVALID_JSON")) {
            listed = command(DlqCommand::run, "list");
            Thread.sleep(200);
        }
        assertThat(listed).contains("orders-dlq").contains("INVALID_JSON");
        String replayed = command(DlqCommand::run, "replay", "--topic", "orders-dlq", "--all", "--yes");
        assertThat(replayed).contains("replayed 1");
        assertThatThrownBy(() -> produce("operator", "order-results"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    @Order(7)
    void theOperatorResetsTheApplicationOnceTheProcessorIsStopped() throws Exception {
        processor.close();
        processor = null;
        // Until the stopped member's session is over, if it did not leave the group on its way out.
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Outcome reset = run(ResetCommand::run, "--yes");
        while (System.nanoTime() < deadline && reset.code() == 1 && reset.err().contains("member")) {
            Thread.sleep(1000);
            reset = run(ResetCommand::run, "--yes");
        }
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("deleted").contains("done");
    }

    /** A command of surge.jar run as the operator; fails the test unless it exits 0. */
    private static String command(CommandRun run, String... args) {
        Outcome outcome = run(run, args);
        assertThat(outcome.code()).as(String.join(" ", args) + ": " + outcome.err()).isZero();
        return outcome.out();
    }

    private static Outcome run(CommandRun run, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run.run(List.of(args), config("operator"), new PrintStream(out, true), new PrintStream(err, true));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Outcome(int code, String out, String err) {
    }

    @FunctionalInterface
    private interface CommandRun {
        int run(List<String> args, SurgeConfig config, PrintStream out, PrintStream err);
    }

    /** A node's settings: its role, and the KAFKA_* pass-through of its principal, as an operator sets them. */
    private static Map<String, String> node(String role, String user) {
        Map<String, String> settings = new HashMap<>(kafkaSettings(user));
        settings.put("ROLE", role);
        settings.put("STANDBY_REPLICAS", "0");
        settings.put("STREAM_THREADS", "1");
        settings.put("MONITOR_INTERVAL", "1s");
        return settings;
    }

    private static SurgeConfig config(String user) {
        Map<String, String> env = new HashMap<>(kafkaSettings(user));
        env.put("TOPIC_PARTITIONS", "3");
        env.put("STATE_DIR", dir.resolve("operator-state").toString());
        return SurgeConfig.load(env, Map.of());
    }

    private static Map<String, String> kafkaSettings(String user) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        SECURITY.clientProps(user).forEach((key, value) ->
                env.put("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value.toString()));
        return env;
    }

    private static Map<String, Object> client(String user) {
        Map<String, Object> props = new HashMap<>(SECURITY.clientProps(user));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    private static KafkaProducer<byte[], byte[]> producer(String user) {
        Map<String, Object> props = client(user);
        props.remove(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void produce(String user, String topic) throws ExecutionException, InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = producer(user)) {
            producer.send(new ProducerRecord<>(topic, "k".getBytes(), "forged".getBytes())).get();
        }
    }

    /** Subscribes in {@code group} and polls: what joining the application's consumer group takes. */
    private static void joinGroup(String user, String group, String topic) {
        Map<String, Object> props = client(user);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
        }
    }
}
