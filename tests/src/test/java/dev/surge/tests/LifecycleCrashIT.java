package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderRequest;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.topology.OrderStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reservation lifecycle's invariant under a processor crash: "for every item at every moment
 * units held + units sold ≤ units supplied; held units are released exactly once; every
 * reservation ends in exactly one final state".
 *
 * <p>Three processors (the real artifact, a JVM each, a standby of every store) with a short
 * RESERVATION_TTL and WAITLIST_TTL; one item on each partition with little stock. A plain Kafka
 * producer writes a storm of orders (some asking to wait in line) to {@code orders}; for a random
 * share of the reservations it sees on {@code order-results} it writes a CONFIRM or a CANCEL to
 * {@code order-commands} after a random delay (some after the TTL: a race with expiry), now and
 * then a second, conflicting one; the rest are left to expire, and some waiting orders are
 * cancelled. A RESTOCK serves the lines. Mid-storm the processor with the most active tasks is
 * killed with SIGKILL (no drain, no commit); with COMMIT_INTERVAL 1 s its open transactions hold
 * orders, commands and expiries, which its successor must undo and do again. Then, from what was
 * committed:
 * <ul>
 *   <li>every value the inventory changelog ever committed has reserved + confirmed ≤ supplied
 *       (and, as this test only SETs once and RESTOCKs, available + reserved + confirmed = supplied);
 *       so has every level read over HTTP during the storm;</li>
 *   <li>each order's results on {@code order-results} are one valid path (RESERVED → CONFIRMED |
 *       CANCELLED | EXPIRED, WAITLISTED → RESERVED | CANCELLED | SOLD_OUT; nothing after a final
 *       status; a record repeated only as an identical copy) ending in a final status, a CONFIRMED
 *       only where a CONFIRM was sent, a CANCELLED only where a CANCEL was, an expiry never early;</li>
 *   <li>each item ends with nothing held and nobody in line, confirmed = the units of its CONFIRMED
 *       orders and available + confirmed = supplied: every held unit came back or was sold, once.</li>
 * </ul>
 * The figures (orders, commands, expiries, the line, how long the killed processor's items stalled)
 * are printed. {@code -Dsurge.keepLogsIn=DIR} keeps the processors' logs.
 */
class LifecycleCrashIT {

    private static final int PARTITIONS = 6;
    /** One item on each partition: whichever processor is killed, it held some of them. */
    private static final List<String> ITEMS = itemsOnEveryPartition();
    private static final long STOCK = 6;
    private static final long RESTOCK = 3;
    private static final Duration RESERVATION_TTL = Duration.ofSeconds(4);
    private static final Duration WAITLIST_TTL = Duration.ofSeconds(3);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration STORM = Duration.ofSeconds(30);
    private static final Duration KILL_AFTER = Duration.ofSeconds(10);
    private static final Duration RESTOCK_AFTER = Duration.ofSeconds(16);
    private static final int ORDERS_PER_SECOND = 12;
    private static final String APPLICATION_ID = "surge";
    private static final Set<OrderStatus> FINAL = EnumSet.of(OrderStatus.CONFIRMED, OrderStatus.CANCELLED,
            OrderStatus.EXPIRED, OrderStatus.SOLD_OUT, OrderStatus.REJECTED, OrderStatus.DUPLICATE);

    /** An order as written to {@code orders}. */
    private record Sent(String orderId, String itemId, int quantity, boolean waits) {
    }

    /** A result as the tail saw it, and when it became visible (committed). */
    private record Seen(long arrivedNanos, OrderResult result) {
    }

    /** A command as written to {@code order-commands}. */
    private record Command(String orderId, OrderCommand.Type type, Instant sentAt) {
    }

    @TempDir
    Path dir;
    EmbeddedKafka kafka;
    RunningSurge ingress;
    final List<SurgeProcess> processors = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, List<Seen>> seen = new ConcurrentHashMap<>();
    private final Map<String, OrderStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Command>> commands = new ConcurrentHashMap<>();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final List<String> changelogViolations = new CopyOnWriteArrayList<>();
    private final Map<String, InventoryLevel> lastCommitted = new ConcurrentHashMap<>();
    private final List<String> sampleViolations = new CopyOnWriteArrayList<>();
    private volatile long samples;
    private volatile long levelsChecked;

    @BeforeEach
    void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        ingress = new RunningSurge(dir.resolve("ingress"), Map.of("ROLE", "ingress",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "TOPIC_PARTITIONS", Integer.toString(PARTITIONS)));
        for (String item : ITEMS) {
            HttpResponse<String> set = ingress.send("PUT", "/v1/admin/inventory/" + item, Map.of("stock", STOCK));
            assertThat(set.statusCode()).isEqualTo(202);
        }
        // One at a time, each once every item is answered by all that run (see InstanceLossIT).
        for (int i = 0; i < 3; i++) {
            processors.add(startProcessor(i).awaitReady(Duration.ofSeconds(120)));
            for (SurgeProcess processor : processors) {
                for (String item : ITEMS) {
                    awaitStock(processor, item);
                }
            }
        }
    }

    private SurgeProcess startProcessor(int i) throws IOException {
        Map<String, String> settings = new HashMap<>(Map.of(
                "ROLE", "processor",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TOPIC_PARTITIONS", Integer.toString(PARTITIONS),
                "STANDBY_REPLICAS", "1",
                "RESERVATION_TTL", RESERVATION_TTL.toSeconds() + "s",
                "WAITLIST_TTL", WAITLIST_TTL.toSeconds() + "s",
                "STATE_DIR", dir.resolve("streams-" + i).toString()));
        // Transactions of a second rather than 100 ms: the SIGKILL is all but sure to cut one short
        // with orders, commands and expiries in it, which the new owner must undo and do again.
        settings.put("COMMIT_INTERVAL", COMMIT_INTERVAL.toMillis() + "ms");
        return SurgeProcess.start(settings, dir.resolve("processor-" + i + ".log"));
    }

    @AfterEach
    void stop() throws IOException {
        SurgeProcess.keepLogs(dir, "LifecycleCrashIT");
        if (ingress != null) {
            ingress.close();
        }
        processors.forEach(SurgeProcess::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aProcessorKilledDuringConfirmsCancelsAndExpiriesReleasesEveryHeldUnitOnce() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        Deserializer<InventoryLevel> levels = OrderStores.inventoryValues();
        AtomicBoolean stopSampling = new AtomicBoolean();
        List<SurgeProcess> live = new CopyOnWriteArrayList<>(processors);
        long startedAt = System.nanoTime();
        long killedAt;
        long killedAtMillis;
        SurgeProcess victim;
        List<Integer> victimPartitions;
        Duration settled;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer());
             CommittedTail results = new CommittedTail(bootstrap, "order-results",
                     record -> onResult(record, producer, later));
             CommittedTail changelog = new CommittedTail(bootstrap, OrderStores.inventoryChangelog(APPLICATION_ID),
                     record -> onLevel(record, levels))) {
            Thread sampler = Thread.ofPlatform().daemon().name("inventory-sampler")
                    .start(() -> sample(live, stopSampling));

            // The storm: orders at a steady pace; the kill and the restock on the way.
            long stormEnds = startedAt + STORM.toNanos();
            long killAt = startedAt + KILL_AFTER.toNanos();
            long restockAt = startedAt + RESTOCK_AFTER.toNanos();
            victim = null;
            victimPartitions = List.of();
            killedAt = 0;
            killedAtMillis = 0;
            boolean restocked = false;
            for (int n = 0; System.nanoTime() < stormEnds; n++) {
                order(producer, n);
                if (victim == null && System.nanoTime() >= killAt) {
                    Map<SurgeProcess, List<Integer>> active = activeInventoryPartitions();
                    victim = active.entrySet().stream().max(Map.Entry.comparingByValue(
                            Comparator.comparingInt(List::size))).orElseThrow().getKey();
                    victimPartitions = active.get(victim);
                    live.remove(victim);
                    killedAtMillis = System.currentTimeMillis();
                    killedAt = System.nanoTime();
                    victim.kill();
                }
                if (!restocked && System.nanoTime() >= restockAt) {
                    for (String item : ITEMS) {
                        producer.send(new ProducerRecord<>("inventory-commands", item, Json.MAPPER.writeValueAsString(
                                new InventoryCommand("restock-" + item, item, InventoryCommand.Type.RESTOCK, RESTOCK,
                                        null))));
                    }
                    restocked = true;
                }
                Thread.sleep(1000 / ORDERS_PER_SECOND);
            }
            producer.flush();
            long stormEnded = System.nanoTime();
            assertThat(victim).as("a processor was killed").isNotNull();
            assertThat(restocked).isTrue();

            // Every order ends: the last holds expire within a TTL, the line within WAITLIST_TTL (and a
            // hold it was served with within another TTL), unless the processors stall.
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline && !allFinal()) {
                Thread.sleep(200);
            }
            settled = Duration.ofNanos(System.nanoTime() - stormEnded);
            if (!allFinal()) {
                Set<String> open = sent.keySet().stream().filter(id -> !FINAL.contains(latest.get(id)))
                        .collect(Collectors.toSet());
                List<String> levelsNow = new ArrayList<>();
                for (String item : ITEMS) {
                    HttpResponse<String> level = get(live.getFirst(), "/v1/inventory/" + item);
                    levelsNow.add(item + ": " + level.statusCode() + " " + level.body());
                }
                throw new AssertionError(open.size() + " orders not final 180 s after the storm (victim "
                        + victim.address() + ", its inventory partitions " + victimPartitions + "): "
                        + open.stream().sorted().limit(20).map(id -> id + " of " + sent.get(id).itemId() + " (partition "
                                + Topics.partitionOf(sent.get(id).itemId(), PARTITIONS) + "): results "
                                + seen.getOrDefault(id, List.of()).stream().map(r -> r.result().status()).toList()
                                + ", commands " + commands.getOrDefault(id, List.of()).stream().map(Command::type).toList())
                        .toList() + "; levels now " + levelsNow);
            }
            // The second commands still pending, then until the topology has read every input.
            later.shutdown();
            assertThat(later.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            producer.flush();
            awaitConsumed(bootstrap, List.of("orders", "order-commands", "inventory-commands"));
            results.awaitCaughtUp(bootstrap, Duration.ofSeconds(60));
            changelog.awaitCaughtUp(bootstrap, Duration.ofSeconds(60));
            stopSampling.set(true);
            sampler.join(Duration.ofSeconds(30).toMillis());
        } finally {
            later.shutdownNow();
            stopSampling.set(true);
        }

        // order-results as a new read_committed consumer reads it, whole.
        Map<String, List<JsonNode>> trail = new LinkedHashMap<>();
        long resultRecords = seen.values().stream().mapToLong(List::size).sum();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readUntil(bootstrap, "order-results",
                read -> read.size() >= resultRecords, Duration.ofSeconds(60))) {
            trail.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), id -> new ArrayList<>())
                    .add(Json.MAPPER.readTree(record.value()));
        }
        Figures figures = checkPaths(trail);

        // The inventory at the end, as a surviving instance answers it.
        Map<String, InventoryLevel> finalLevels = new TreeMap<>();
        List<String> ends = new ArrayList<>();
        for (String item : ITEMS) {
            InventoryLevel level = finalLevel(live, item);
            finalLevels.put(item, level);
            ends.add(item + " " + level.available() + "/" + level.reserved() + "/" + level.confirmed() + "/"
                    + level.supplied() + "/" + level.waitlisted());
        }

        long confirmsSent = commandsOf(OrderCommand.Type.CONFIRM);
        long cancelsSent = commandsOf(OrderCommand.Type.CANCEL);
        Duration recovery = recoveryOf(victimPartitions, killedAt, killedAtMillis);
        System.out.printf("LifecycleCrashIT: %d orders on %d items (stock %d + restock %d each, TTL %ss, wait %ss);"
                        + " first results: %d RESERVED, %d WAITLISTED, %d SOLD_OUT;"
                        + " commands sent: %d CONFIRM, %d CANCEL (%d without effect: %d sent after the order had ended,"
                        + " %d while it was open);"
                        + " ends: %d CONFIRMED (%d confirmed after expires_at, before the expiry scan; %d of these"
                        + " with every CONFIRM sent after expires_at, up to %d ms after),"
                        + " %d CANCELLED (%d of them waiting), %d EXPIRED, %d SOLD_OUT (%d of them WAITLIST_EXPIRED);"
                        + " waitlist served: %d (%d after the wait's expires_at, before the expiry scan);"
                        + " identical repeated results: %d;"
                        + " SIGKILL of %s at %.1f s (active inventory partitions %s): its items' first results"
                        + " after the kill within %s; every order final %.1f s after the storm;"
                        + " %d committed inventory values and %d HTTP samples checked;"
                        + " items available/reserved/confirmed/supplied/waitlisted at the end: %s%n",
                sent.size(), ITEMS.size(), STOCK, RESTOCK, RESERVATION_TTL.toSeconds(), WAITLIST_TTL.toSeconds(),
                figures.count("first RESERVED"), figures.count("first WAITLISTED"), figures.count("first SOLD_OUT"),
                confirmsSent, cancelsSent,
                confirmsSent + cancelsSent - figures.count("CONFIRMED") - figures.count("CANCELLED"),
                figures.count("command after the end"),
                figures.count("command before the end") - figures.count("CONFIRMED") - figures.count("CANCELLED"),
                figures.count("CONFIRMED"), figures.count("late CONFIRMED"),
                figures.count("CONFIRM sent after expires_at honoured"),
                figures.count("CONFIRM sent after expires_at by ms"), figures.count("CANCELLED"),
                figures.count("CANCELLED waiting"), figures.count("EXPIRED"), figures.count("SOLD_OUT"),
                figures.count("WAITLIST_EXPIRED"), figures.count("FROM_WAITLIST"), figures.count("late FROM_WAITLIST"),
                figures.count("repeated"),
                victim.address(), (killedAt - startedAt) / 1e9, victimPartitions, recovery,
                settled.toMillis() / 1000.0, levelsChecked, samples, ends);

        // Held + sold ≤ supplied at every committed moment, and wherever a survivor was read.
        assertThat(changelogViolations).as("committed inventory values breaking held + sold ≤ supplied").isEmpty();
        assertThat(sampleViolations).as("levels read during the storm breaking held + sold ≤ supplied").isEmpty();
        assertThat(levelsChecked).as("committed inventory values").isGreaterThan(ITEMS.size() * 5L);

        // One valid path per order, to one final status.
        assertThat(trail.keySet()).as("results of orders this test sent, and of all of them")
                .containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertThat(figures.wrong).as("orders whose results are not one valid path to a final status").isEmpty();

        // Each held unit back on sale or sold, once.
        Map<String, Long> soldUnits = new TreeMap<>();
        trail.forEach((id, results) -> {
            JsonNode last = results.getLast();
            if (last.path("status").asText().equals("CONFIRMED")) {
                soldUnits.merge(last.path("item_id").asText(), last.path("quantity").asLong(), Long::sum);
            }
        });
        for (String item : ITEMS) {
            InventoryLevel level = finalLevels.get(item);
            assertThat(level.reserved()).as(item + ": nothing held at the end").isZero();
            assertThat(level.waitlisted()).as(item + ": nobody in line at the end").isZero();
            assertThat(level.confirmed()).as(item + ": confirmed = units of its CONFIRMED orders")
                    .isEqualTo(soldUnits.getOrDefault(item, 0L));
            assertThat(level.supplied()).as(item + ": supplied").isEqualTo(STOCK + RESTOCK);
            assertThat(level.available() + level.confirmed()).as(item + ": available + confirmed = supplied")
                    .isEqualTo(level.supplied());
            InventoryLevel committed = lastCommitted.get(item);
            assertThat(committed).as(item + ": its last committed level").isNotNull();
            assertThat(List.of(committed.available(), committed.reserved(), committed.confirmed(), committed.supplied(),
                    committed.waitlisted())).as(item + ": the changelog's last value agrees with the store")
                    .containsExactly(level.available(), level.reserved(), level.confirmed(), level.supplied(),
                            level.waitlisted());
        }

        // The storm did what it is for.
        assertThat(figures.count("CONFIRMED")).as("orders confirmed").isPositive();
        assertThat(figures.count("CANCELLED")).as("orders cancelled").isPositive();
        assertThat(figures.count("EXPIRED")).as("reservations expired").isPositive();
        assertThat(figures.count("FROM_WAITLIST")).as("waiting orders served").isPositive();
        assertThat(figures.count("WAITLIST_EXPIRED")).as("waiting orders that waited in vain").isPositive();
    }

    // ---- the storm's clients --------------------------------------------------------------------

    private void order(KafkaProducer<String, String> producer, int n) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String item = ITEMS.get(random.nextInt(ITEMS.size()));
        Sent order = new Sent("lc-" + n, item, random.nextInt(10) < 7 ? 1 : 2, random.nextInt(10) < 4);
        sent.put(order.orderId(), order);
        producer.send(new ProducerRecord<>("orders", item, Json.MAPPER.writeValueAsString(new OrderRequest(
                order.orderId(), "lc-u" + n, item, order.quantity(), null, null, order.waits()))));
    }

    /**
     * Each committed result as it comes: a new reservation is confirmed (35 %), cancelled (25 %) or
     * left to expire, its command sent after up to 5 s (the TTL is 4 s: some race the expiry), and
     * one in six commanded also gets a second command later; a new place in line is cancelled 20 %.
     */
    private void onResult(ConsumerRecord<byte[], byte[]> record, KafkaProducer<String, String> producer,
                          ScheduledExecutorService later) {
        long arrived = System.nanoTime();
        OrderResult result;
        try {
            result = Json.MAPPER.readValue(record.value(), OrderResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seen.computeIfAbsent(result.orderId(), id -> new CopyOnWriteArrayList<>()).add(new Seen(arrived, result));
        latest.put(result.orderId(), result.status());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (later.isShutdown() || !decided.add(result.orderId() + "|" + result.status() + "|" + result.reason())) {
            return; // the same result again: decided once
        }
        if (result.status() == OrderStatus.RESERVED) {
            int roll = random.nextInt(100);
            OrderCommand.Type type = roll < 35 ? OrderCommand.Type.CONFIRM
                    : roll < 60 ? OrderCommand.Type.CANCEL : null;
            if (type != null) {
                long delay = random.nextLong(5_000);
                later.schedule(() -> command(producer, result, type), delay, TimeUnit.MILLISECONDS);
                if (random.nextInt(6) == 0) {
                    OrderCommand.Type second = random.nextBoolean() ? OrderCommand.Type.CONFIRM : OrderCommand.Type.CANCEL;
                    later.schedule(() -> command(producer, result, second), delay + 500 + random.nextLong(1_500),
                            TimeUnit.MILLISECONDS);
                }
            }
        } else if (result.status() == OrderStatus.WAITLISTED && random.nextInt(5) == 0) {
            later.schedule(() -> command(producer, result, OrderCommand.Type.CANCEL), random.nextLong(6_000),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void command(KafkaProducer<String, String> producer, OrderResult of, OrderCommand.Type type) {
        try {
            commands.computeIfAbsent(of.orderId(), id -> new CopyOnWriteArrayList<>())
                    .add(new Command(of.orderId(), type, Instant.now()));
            producer.send(new ProducerRecord<>("order-commands", of.itemId(), Json.MAPPER.writeValueAsString(
                    new OrderCommand(null, of.orderId(), of.itemId(), type, null))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every committed value of the inventory changelog: held + sold ≤ supplied, units conserved. */
    private void onLevel(ConsumerRecord<byte[], byte[]> record, Deserializer<InventoryLevel> levels) {
        if (record.value() == null) {
            return;
        }
        InventoryLevel level = levels.deserialize(OrderStores.inventoryChangelog(APPLICATION_ID), record.value());
        lastCommitted.put(new String(record.key(), StandardCharsets.UTF_8), level);
        levelsChecked++;
        String broken = broken(level);
        if (broken != null) {
            changelogViolations.add(broken + " at " + record.partition() + "@" + record.offset());
        }
    }

    /** What is wrong with a level, or null: the issue's invariant, and (SET once, RESTOCK only) conservation. */
    private static String broken(InventoryLevel level) {
        if (level.reserved() + level.confirmed() > level.supplied()) {
            return "held + sold > supplied: " + level;
        }
        if (level.available() < 0 || level.reserved() < 0 || level.confirmed() < 0 || level.waitlisted() < 0) {
            return "a negative count: " + level;
        }
        if (level.available() + level.reserved() + level.confirmed() != level.supplied()) {
            return "available + held + sold ≠ supplied: " + level;
        }
        return null;
    }

    /** The surviving instances' answers for every item, round after round, until stopped. */
    private void sample(List<SurgeProcess> live, AtomicBoolean stop) {
        while (!stop.get()) {
            for (SurgeProcess instance : live) {
                for (String item : ITEMS) {
                    if (stop.get()) {
                        return;
                    }
                    try {
                        HttpResponse<String> res = get(instance, "/v1/inventory/" + item);
                        if (res.statusCode() == 200) {
                            samples++;
                            String broken = broken(Json.MAPPER.readValue(res.body(), InventoryLevel.class));
                            if (broken != null) {
                                sampleViolations.add(broken + " from " + instance.address());
                            }
                        }
                    } catch (IOException e) {
                        // The instance is busy or moving partitions: no sample this round.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- the checks -----------------------------------------------------------------------------

    /** Counts by name, for the figures, and the orders whose path is wrong. */
    private static final class Figures {
        private final Map<String, Long> counts = new TreeMap<>();
        private final List<String> wrong = new ArrayList<>();

        void add(String name) {
            counts.merge(name, 1L, Long::sum);
        }

        void atLeast(String name, long value) {
            counts.merge(name, value, Math::max);
        }

        long count(String name) {
            return counts.getOrDefault(name, 0L);
        }
    }

    /**
     * Each order's results, in the order its partition holds them: a valid path to a final status
     * (what is not goes to {@code wrong}), counted for the figures.
     */
    private Figures checkPaths(Map<String, List<JsonNode>> trail) throws IOException {
        Figures figures = new Figures();
        List<String> wrong = figures.wrong;
        for (Map.Entry<String, List<JsonNode>> entry : trail.entrySet()) {
            String id = entry.getKey();
            Sent order = sent.get(id);
            List<JsonNode> results = new ArrayList<>();
            for (JsonNode result : entry.getValue()) {
                if (!results.isEmpty() && results.getLast().equals(result)) {
                    figures.add("repeated");
                    continue;
                }
                results.add(result);
            }
            List<OrderResult> path = new ArrayList<>();
            for (JsonNode result : results) {
                path.add(Json.MAPPER.treeToValue(result, OrderResult.class));
            }
            String problem = pathProblem(order, path, commands.getOrDefault(id, List.of()));
            if (problem != null) {
                wrong.add(id + " " + path.stream().map(r -> r.status() + (r.reason() == null ? "" : "(" + r.reason() + ")"))
                        .toList() + ": " + problem);
                continue;
            }
            figures.add("first " + path.getFirst().status());
            OrderResult last = path.getLast();
            figures.add(last.status().name());
            if (last.reason() != null) {
                figures.add(last.reason());
            }
            for (OrderResult step : path) {
                if (OrderResult.FROM_WAITLIST.equals(step.reason())) {
                    figures.add(OrderResult.FROM_WAITLIST);
                }
            }
            for (int i = 1; i < path.size(); i++) {
                if (OrderResult.FROM_WAITLIST.equals(path.get(i).reason())
                        && path.get(i).processedAt().isAfter(path.get(i - 1).expiresAt())) {
                    figures.add("late FROM_WAITLIST");
                }
            }
            for (Command command : commands.getOrDefault(id, List.of())) {
                figures.add(command.sentAt().isAfter(last.processedAt()) ? "command after the end" : "command before the end");
            }
            OrderResult before = path.size() > 1 ? path.get(path.size() - 2) : null;
            if (last.status() == OrderStatus.CANCELLED && before.status() == OrderStatus.WAITLISTED) {
                figures.add("CANCELLED waiting");
            }
            if (last.status() == OrderStatus.CONFIRMED && last.processedAt().isAfter(before.expiresAt())) {
                figures.add("late CONFIRMED");
                Instant firstConfirm = commands.get(id).stream().filter(c -> c.type() == OrderCommand.Type.CONFIRM)
                        .map(Command::sentAt).min(Instant::compareTo).orElseThrow();
                if (firstConfirm.isAfter(before.expiresAt())) {
                    figures.add("CONFIRM sent after expires_at honoured");
                    figures.atLeast("CONFIRM sent after expires_at by ms",
                            Duration.between(before.expiresAt(), firstConfirm).toMillis());
                }
            }
        }
        return figures;
    }

    /** What is wrong with an order's path of (distinct consecutive) results, or null. */
    private static String pathProblem(Sent order, List<OrderResult> path, List<Command> commands) {
        if (order == null) {
            return "not an order this test sent";
        }
        for (OrderResult result : path) {
            if (!result.itemId().equals(order.itemId()) || result.quantity() != order.quantity()) {
                return "another item or quantity than ordered";
            }
        }
        OrderResult first = path.getFirst();
        switch (first.status()) {
            case RESERVED -> {
                if (first.reason() != null || first.expiresAt() == null) {
                    return "a first reservation with a reason or without expires_at";
                }
            }
            case WAITLISTED -> {
                if (!order.waits() || first.expiresAt() == null) {
                    return "waitlisted without asking to wait, or without expires_at";
                }
            }
            case SOLD_OUT -> {
                if (first.reason() != null && !first.reason().equals(OrderResult.INSUFFICIENT_STOCK)) {
                    return "sold out for a reason other than insufficient stock";
                }
            }
            default -> {
                return "first result " + first.status();
            }
        }
        for (int i = 1; i < path.size(); i++) {
            OrderResult from = path.get(i - 1);
            OrderResult to = path.get(i);
            if (FINAL.contains(from.status())) {
                return "a result after the final " + from.status();
            }
            boolean valid = switch (from.status()) {
                case RESERVED -> switch (to.status()) {
                    case CONFIRMED -> sentBefore(commands, OrderCommand.Type.CONFIRM, to);
                    case CANCELLED -> sentBefore(commands, OrderCommand.Type.CANCEL, to);
                    case EXPIRED -> !to.processedAt().isBefore(from.expiresAt());
                    default -> false;
                };
                case WAITLISTED -> switch (to.status()) {
                    case RESERVED -> OrderResult.FROM_WAITLIST.equals(to.reason()) && to.expiresAt() != null;
                    case CANCELLED -> sentBefore(commands, OrderCommand.Type.CANCEL, to);
                    case SOLD_OUT -> OrderResult.WAITLIST_EXPIRED.equals(to.reason())
                            && !to.processedAt().isBefore(from.expiresAt());
                    default -> false;
                };
                default -> false;
            };
            if (!valid) {
                return from.status() + " → " + to.status() + " is no valid step (without its command, or early)";
            }
        }
        if (!FINAL.contains(path.getLast().status())) {
            return "not final";
        }
        return null;
    }

    /** Whether a command of this type was sent for the order before the result that it caused. */
    private static boolean sentBefore(List<Command> commands, OrderCommand.Type type, OrderResult result) {
        return commands.stream().anyMatch(c -> c.type() == type && !c.sentAt().isAfter(result.processedAt()));
    }

    private boolean allFinal() {
        return !sent.isEmpty() && sent.keySet().stream().allMatch(id -> FINAL.contains(latest.get(id)));
    }

    private long commandsOf(OrderCommand.Type type) {
        return commands.values().stream().flatMap(List::stream).filter(c -> c.type() == type).count();
    }

    /**
     * How long the killed processor's items went without a result: for each of its items, from the
     * kill to the first result the new owner processed (after the kill) becoming visible.
     */
    private Duration recoveryOf(List<Integer> partitions, long killedAt, long killedAtMillis) {
        long longest = 0;
        for (String item : ITEMS) {
            if (!partitions.contains(Topics.partitionOf(item, PARTITIONS))) {
                continue;
            }
            long first = seen.values().stream().flatMap(List::stream)
                    .filter(s -> s.result().itemId().equals(item)
                            && s.result().processedAt().toEpochMilli() > killedAtMillis)
                    .mapToLong(Seen::arrivedNanos).min().orElse(Long.MAX_VALUE);
            longest = Math.max(longest, first - killedAt);
        }
        return Duration.ofMillis(longest / 1_000_000);
    }

    // ---- the instances ---------------------------------------------------------------------------

    /** Each instance's active partitions of the inventory store, as it reports itself. */
    private Map<SurgeProcess, List<Integer>> activeInventoryPartitions() throws Exception {
        Map<SurgeProcess, List<Integer>> active = new HashMap<>();
        for (SurgeProcess processor : processors) {
            HttpResponse<String> self = get(processor, "/v1/instances/self");
            assertThat(self.statusCode()).as(self.body()).isEqualTo(200);
            List<Integer> partitions = new ArrayList<>();
            Json.MAPPER.readTree(self.body()).path("stores").path(OrderStores.INVENTORY).path("active")
                    .forEach(p -> partitions.add(p.asInt()));
            active.put(processor, partitions);
        }
        return active;
    }

    private static void awaitStock(SurgeProcess processor, String item) throws Exception {
        // Each join moves partitions: a rebalance has taken a minute and more here (see InstanceLossIT).
        processor.awaitLevel("/v1/inventory/" + item, STOCK, null, Duration.ofSeconds(180));
    }

    private InventoryLevel finalLevel(List<SurgeProcess> live, String item) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> res = null;
        while (System.nanoTime() < deadline) {
            res = get(live.getFirst(), "/v1/inventory/" + item);
            if (res.statusCode() == 200) {
                return Json.MAPPER.readValue(res.body(), InventoryLevel.class);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(item + " not answered: " + (res == null ? "" : res.statusCode() + " " + res.body()));
    }

    /** Until the application's group has committed every input record of these topics. */
    private static void awaitConsumed(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Map<TopicPartition, Long> behind = Map.of();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
                for (String topic : topics) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        wanted.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
                Map<TopicPartition, Long> lagging = new HashMap<>();
                admin.listOffsets(wanted).all().get().forEach((tp, end) -> {
                    OffsetAndMetadata at = committed.get(tp);
                    if (end.offset() > 0 && (at == null || at.offset() < end.offset())) {
                        lagging.put(tp, end.offset() - (at == null ? 0 : at.offset()));
                    }
                });
                if (lagging.isEmpty()) {
                    return;
                }
                behind = lagging;
                Thread.sleep(250);
            }
            throw new AssertionError("the topology never read all its input; behind: " + behind);
        }
    }

    private HttpResponse<String> get(SurgeProcess processor, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(processor.base() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** "lc-item-N" names, the first one murmur2 places on each partition. */
    private static List<String> itemsOnEveryPartition() {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int n = 0; byPartition.size() < PARTITIONS; n++) {
            byPartition.putIfAbsent(Topics.partitionOf("lc-item-" + n, PARTITIONS), "lc-item-" + n);
        }
        return List.copyOf(byPartition.values());
    }
}
