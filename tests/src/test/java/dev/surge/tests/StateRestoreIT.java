package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.topology.TopologyRunner;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The runbook's "restore state after losing a disk", measured (docs/runbook.md, "Restore state
 * after losing a disk" and "RPO and RTO").
 *
 * <p>Surge (role all, its STATE_DIR in this test's directory) runs on an embedded broker that this
 * test starts with a persistent data directory, so that the broker outlives the Surge process as a
 * real cluster would. Surge takes a realistic amount of state: {@code surge.restore.items} items
 * stocked over HTTP, {@code surge.restore.orders} orders written straight to {@code orders} by a
 * plain producer (key item_id, the Java client's partitioner) and {@code surge.restore.events}
 * analytics events posted in batches of 1,000. Once the application's consumer group has no lag,
 * every item's inventory and today's event metrics are read over HTTP. Then Surge stops, its
 * STATE_DIR is deleted (the lost disk) and, once the group's old member has expired (as it has long
 * before a disk is replaced), Surge starts again on the same broker data: Kafka Streams rebuilds
 * every store from its changelog. The test measures the time to RUNNING and to the first answer that
 * is correct again, asserts that every figure is identical to before and that no item is oversold,
 * and prints one line for the runbook's RPO/RTO table. A bigger run by hand:
 *
 * <pre>
 * ./mvnw -B -pl tests -am verify -Dit.test=StateRestoreIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurge.restore.orders=200000 -Dsurge.restore.events=500000
 * </pre>
 */
class StateRestoreIT {

    private static final int ITEMS = Integer.getInteger("surge.restore.items", 200);
    private static final int ORDERS = Integer.getInteger("surge.restore.orders", 20_000);
    private static final int EVENTS = Integer.getInteger("surge.restore.events", 50_000);
    private static final int PARTITIONS = Integer.getInteger("surge.restore.partitions", 6);
    private static final int BATCH = 1_000;
    /** How long loading may take to be processed, and the restore to answer correctly. */
    private static final Duration SETTLE = Duration.ofSeconds(Math.max(120, (ORDERS + EVENTS) / 500));
    private static final List<String> TYPES = List.of("page_view", "page_view", "page_view", "product_view",
            "product_view", "add_to_cart", "search", "checkout");

    /**
     * Kafka Streams does not leave its group when it closes: a member that stops (or dies) is
     * removed only when its session times out, and until then a new member's rebalance waits for it.
     * A shorter session than the default 45 s keeps that wait, which is not part of the restore,
     * short here; the test prints how long it took.
     */
    private static final String SESSION_TIMEOUT_MS = "10000";

    @TempDir
    Path dir;

    private final Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
    private final LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);

    @Test
    void everyStoreIsRebuiltFromItsChangelogAfterTheStateDirectoryIsLost() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        try {
            restoreAfterStateLoss(kafka);
        } finally {
            kafka.close();
        }
    }

    private void restoreAfterStateLoss(EmbeddedKafka kafka) throws Exception {
        // The state and data directories come from RunningSurge: dir/streams, and dir/kafka above.
        Map<String, String> settings = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TOPIC_PARTITIONS", Integer.toString(PARTITIONS),
                "STREAMS_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS,
                // GET /v1/lag serves the last measurement: a fresh one each second.
                "MONITOR_INTERVAL", "1s");
        Map<String, Long> stock = new LinkedHashMap<>();
        Map<String, InventoryLevel> inventoryBefore;
        Map<String, Map<String, Long>> metricsBefore;
        long changelogRecords;

        RunningSurge surge = new RunningSurge(dir, settings);
        try {
            long loadStart = System.nanoTime();
            stockItems(surge, stock);
            produceOrders(surge);
            postEvents(surge);
            awaitProcessed(surge);
            long loadMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);

            inventoryBefore = inventory(surge, stock.keySet());
            metricsBefore = metrics(surge);
            assertThat(metricsBefore.get("events|all")).containsEntry("all", (long) EVENTS);
            assertNothingOversold(surge, stock, inventoryBefore);
            changelogRecords = changelogRecords(surge.node.bootstrapServers());
            System.out.printf("StateRestoreIT: loaded %d items, %d orders, %d events in %.1f s; changelogs hold %d records%n",
                    ITEMS, ORDERS, EVENTS, loadMs / 1000.0, changelogRecords);
        } finally {
            surge.close();
        }
        long stopped = System.nanoTime();
        awaitNoMembers(kafka.bootstrapServers());
        long expiredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);

        // The lost disk: every store, checkpoint and lock of the Streams application is gone.
        Path stateDir = dir.resolve("streams");
        assertThat(stateDir.resolve("surge")).isDirectory();
        deleteRecursively(stateDir);
        assertThat(stateDir).doesNotExist();

        StartLog log = StartLog.attach();
        long t0 = System.nanoTime();
        surge = new RunningSurge(dir, settings);
        try {
            long runningMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // The first read after RUNNING, then until every figure is back (or the deadline passes).
            long deadline = System.nanoTime() + SETTLE.toNanos();
            Map<String, InventoryLevel> inventoryAfter = inventory(surge, stock.keySet());
            Map<String, Map<String, Long>> metricsAfter = metrics(surge);
            boolean firstReadCorrect = inventoryAfter.equals(inventoryBefore) && metricsAfter.equals(metricsBefore);
            while (!(inventoryAfter.equals(inventoryBefore) && metricsAfter.equals(metricsBefore))
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                inventoryAfter = inventory(surge, stock.keySet());
                metricsAfter = metrics(surge);
            }
            long correctMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(inventoryAfter).as("every item's inventory after the restore").isEqualTo(inventoryBefore);
            assertThat(metricsAfter).as("today's event metrics after the restore").isEqualTo(metricsBefore);
            assertThat(metricsAfter.get("events|all")).containsEntry("all", (long) EVENTS);
            assertNothingOversold(surge, stock, inventoryAfter);

            log.detach();
            Map<String, Long> restoredByStore = log.restoredByStore();
            long restored = restoredByStore.values().stream().mapToLong(Long::longValue).sum();
            assertThat(restored).as("records restored from the changelogs").isPositive();
            System.out.printf("StateRestoreIT: the stopped instance left the group %.1f s after it stopped "
                            + "(session.timeout.ms %s); %s; first read after RUNNING %s; restored per store %s%n",
                    expiredMs / 1000.0, SESSION_TIMEOUT_MS, log.describe(),
                    firstReadCorrect ? "already correct" : "not yet correct", restoredByStore);
            System.out.printf("restore after state loss: %,d orders, %,d events, %,d changelog records restored "
                            + "(changelogs held %,d incl. transaction markers; %d items, %d partitions) in %.1f s "
                            + "to RUNNING, %.1f s to the first correct answer%n",
                    ORDERS, EVENTS, restored, changelogRecords, ITEMS, PARTITIONS,
                    runningMs / 1000.0, correctMs / 1000.0);
        } finally {
            log.detach();
            surge.close();
        }
    }

    // ---- loading

    /** Stock over the admin API, then wait until the topology shows every item. */
    private void stockItems(RunningSurge surge, Map<String, Long> stock) throws Exception {
        // Enough for some items to last and many to sell out: on average about 70% of the demand.
        long scale = Math.max(1, ORDERS / 20_000);
        for (int i = 0; i < ITEMS; i++) {
            String item = item(i);
            long units = (40 + (i % 20) * 10L) * scale;
            HttpResponse<String> res = surge.send("PUT", "/v1/admin/inventory/" + item, Map.of("stock", units));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            stock.put(item, units);
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (Map.Entry<String, Long> entry : stock.entrySet()) {
            while (true) {
                HttpResponse<String> res = surge.get("/v1/inventory/" + entry.getKey());
                if (res.statusCode() == 200
                        && Json.MAPPER.readValue(res.body(), InventoryLevel.class).available() == entry.getValue()) {
                    break;
                }
                assertThat(System.nanoTime()).as("stock of " + entry.getKey() + " never became visible")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    /** Orders as any producer may write them: key item_id, partition by the Java client's murmur2. */
    private void produceOrders(RunningSurge surge) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < ORDERS; n++) {
                // A third of the orders go to the first tenth of the items: those sell out early.
                int index = n % 3 == 0 ? (n / 3) % Math.max(1, ITEMS / 10) : (int) ((n * 7919L) % ITEMS);
                String item = item(index);
                String order = "{\"order_id\":\"restore-" + n + "\",\"user_id\":\"u-" + (n % 4_000)
                        + "\",\"item_id\":\"" + item + "\",\"quantity\":" + (1 + n % 3) + "}";
                producer.send(new ProducerRecord<>("orders", bytes(item), bytes(order)));
            }
            producer.flush();
        }
    }

    /** Events over HTTP in batches of 1,000, every one stamped with one instant of today. */
    private void postEvents(RunningSurge surge) throws Exception {
        for (int start = 0; start < EVENTS; start += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int n = start; n < Math.min(EVENTS, start + BATCH); n++) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("event_id", "restore-e" + n);
                event.put("session_id", "s-" + (n % 10_000));
                if (n % 10 < 7) {
                    event.put("user_id", "u-" + (n % 6_000));
                }
                event.put("event_type", TYPES.get(n % TYPES.size()));
                event.put("event_action", n % 5 == 0 ? "click" : "view");
                event.put("timestamp", at.toString());
                batch.add(event);
            }
            HttpResponse<String> res = surge.post("/v1/events", Json.toBytes(batch), "Content-Type", "application/json");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(res.body()).path("accepted").asInt()).isEqualTo(batch.size());
        }
    }

    /** Every order has its result, every event is counted and the application's group has no lag left. */
    private void awaitProcessed(RunningSurge surge) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> results = Topics.readCommitted(surge.node.bootstrapServers(),
                "order-results", ORDERS, SETTLE);
        assertThat(results.stream().map(r -> string(r.key())).distinct().count())
                .as("one result per order").isEqualTo(ORDERS);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int quietReads = 0;
        while (quietReads < 3) {
            HttpResponse<String> res = surge.get("/v1/lag?group=surge");
            long lag = res.statusCode() == 200 ? groupLag(Json.MAPPER.readTree(res.body())) : -1;
            long counted = metrics(surge).getOrDefault("events|all", Map.of()).getOrDefault("all", 0L);
            quietReads = lag == 0 && counted == EVENTS ? quietReads + 1 : 0;
            assertThat(System.nanoTime()).as("still lagging (%d) or counting (%d of %d)", lag, counted, EVENTS)
                    .isLessThan(deadline);
            Thread.sleep(300);
        }
    }

    /** Waits until the application's consumer group has no members: the stopped instance's session expired. */
    private static void awaitNoMembers(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!admin.describeConsumerGroups(List.of("surge")).all().get().get("surge").members().isEmpty()) {
                assertThat(System.nanoTime()).as("group surge still has members").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static long groupLag(JsonNode lag) {
        for (JsonNode group : lag.path("groups")) {
            if (group.path("group").asText().equals("surge")) {
                return group.path("lag").asLong(-1);
            }
        }
        return -1;
    }

    // ---- reading state over HTTP

    private static Map<String, InventoryLevel> inventory(RunningSurge surge, Iterable<String> items) throws Exception {
        Map<String, InventoryLevel> levels = new TreeMap<>();
        for (String item : items) {
            HttpResponse<String> res = surge.get("/v1/inventory/" + item);
            levels.put(item, res.statusCode() == 200 ? Json.MAPPER.readValue(res.body(), InventoryLevel.class) : null);
        }
        return levels;
    }

    /** Today's rows of every metric and dimension the runbook's table looks at: "metric|dimension" → value → count. */
    private Map<String, Map<String, Long>> metrics(RunningSurge surge) throws Exception {
        Map<String, Map<String, Long>> all = new TreeMap<>();
        for (String[] q : List.of(new String[] {"events", "all"}, new String[] {"events", "event_type"},
                new String[] {"events", "event_type:event_action"}, new String[] {"active_users", "all"},
                new String[] {"active_users", "event_type"}, new String[] {"active_sessions", "all"})) {
            HttpResponse<String> res = surge.get("/v1/metrics/daily?metric=" + q[0] + "&from=" + today + "&to=" + today
                    + (q[1].equals("all") ? "" : "&dimension_key=" + q[1]));
            Map<String, Long> values = new TreeMap<>();
            if (res.statusCode() == 200) {
                for (JsonNode row : Json.MAPPER.readTree(res.body()).path("rows")) {
                    values.put(row.path("dimension_value").asText(), row.path("value").asLong());
                }
            }
            all.put(q[0] + "|" + q[1], values);
        }
        return all;
    }

    /**
     * No oversell, and the stores agree with the decisions on order-results: per item, the units
     * reserved are exactly those of its RESERVED results, and never more than were supplied.
     */
    private static void assertNothingOversold(RunningSurge surge, Map<String, Long> stock,
                                              Map<String, InventoryLevel> levels) throws Exception {
        Map<String, Long> reservedByResults = new HashMap<>();
        Map<String, String> results = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(surge.node.bootstrapServers(),
                "order-results", ORDERS, Duration.ofSeconds(60))) {
            results.put(string(record.key()), string(record.value()));
        }
        assertThat(results).hasSize(ORDERS);
        int soldOut = 0;
        for (String json : results.values()) {
            OrderResult result = Json.MAPPER.readValue(json, OrderResult.class);
            if (result.status() == OrderStatus.RESERVED) {
                reservedByResults.merge(result.itemId(), (long) result.quantity(), Long::sum);
            } else if (result.status() == OrderStatus.SOLD_OUT) {
                soldOut++;
            }
        }
        assertThat(soldOut).as("some orders met a sold-out item").isPositive();
        for (Map.Entry<String, InventoryLevel> entry : levels.entrySet()) {
            InventoryLevel level = entry.getValue();
            assertThat(level).as(entry.getKey()).isNotNull();
            assertThat(level.supplied()).as(entry.getKey()).isEqualTo(stock.get(entry.getKey()));
            assertThat(level.reserved()).as("oversold " + entry.getKey()).isLessThanOrEqualTo(level.supplied());
            assertThat(level.available()).as(entry.getKey()).isEqualTo(level.supplied() - level.reserved());
            assertThat(level.reserved()).as("reserved units of " + entry.getKey() + " = its RESERVED results")
                    .isEqualTo(reservedByResults.getOrDefault(entry.getKey(), 0L));
        }
    }

    // ---- what was restored

    /** Records on the application's changelogs (order-results is the order-status store's changelog). */
    private static long changelogRecords(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (var description : admin.describeTopics(admin.listTopics().names().get().stream()
                            .filter(t -> t.endsWith("-changelog") || t.equals("order-results")).toList())
                    .allTopicNames().get().values()) {
                description.partitions().forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition())));
            }
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetSpec> earliest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()));
            var ends = admin.listOffsets(latest).all().get();
            var starts = admin.listOffsets(earliest).all().get();
            return partitions.stream().mapToLong(p -> ends.get(p).offset() - starts.get(p).offset()).sum();
        }
    }

    /**
     * From the log lines of the topology (when Kafka Streams started, when it was RUNNING) and of
     * Kafka Streams' changelog reader, which names every store it finished restoring and how many
     * records that took. The reader logs at INFO, which the tests' logback configuration keeps
     * quiet; it is turned on here, into this appender only.
     */
    static final class StartLog extends AppenderBase<ILoggingEvent> {
        private static final String CHANGELOG_READER = "org.apache.kafka.streams.processor.internals.StoreChangelogReader";
        private static final Pattern FINISHED =
                Pattern.compile("Finished restoring changelog (\\S+) to store (\\S+) with a total number of (\\d+) records");

        private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
        private final long attachedAt = System.currentTimeMillis();
        private Level readerLevel;
        private boolean readerAdditive;

        static StartLog attach() {
            StartLog log = new StartLog();
            log.start();
            ((Logger) LoggerFactory.getLogger(TopologyRunner.class)).addAppender(log);
            Logger reader = (Logger) LoggerFactory.getLogger(CHANGELOG_READER);
            log.readerLevel = reader.getLevel();
            log.readerAdditive = reader.isAdditive();
            reader.setLevel(Level.INFO);
            reader.setAdditive(false);
            reader.addAppender(log);
            return log;
        }

        void detach() {
            ((Logger) LoggerFactory.getLogger(TopologyRunner.class)).detachAppender(this);
            Logger reader = (Logger) LoggerFactory.getLogger(CHANGELOG_READER);
            if (reader.detachAppender(this)) {
                reader.setLevel(readerLevel);
                reader.setAdditive(readerAdditive);
            }
        }

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }

        private long first(String text) {
            return events.stream().filter(e -> e.getFormattedMessage().contains(text))
                    .mapToLong(ILoggingEvent::getTimeStamp).min().orElse(-1);
        }

        /** Records restored per store, over all its changelog partitions. */
        Map<String, Long> restoredByStore() {
            Map<String, Long> byStore = new TreeMap<>();
            for (ILoggingEvent event : events) {
                Matcher m = FINISHED.matcher(event.getFormattedMessage());
                if (m.find()) {
                    byStore.merge(m.group(2), Long.parseLong(m.group(3)), Long::sum);
                }
            }
            return byStore;
        }

        String describe() {
            long rebalancing = first("-> REBALANCING");
            long running = first("-> RUNNING");
            return String.format("Kafka Streams started %.1f s after Surge did, and took %.1f s from its start to RUNNING",
                    (rebalancing - attachedAt) / 1000.0, (running - rebalancing) / 1000.0);
        }
    }

    // ---- small things

    private static String item(int i) {
        return String.format("restore-item-%03d", i);
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
