package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three processors, each the real artifact in a JVM of its own with a standby of every store,
 * behind one ingress, while orders flow: one is killed with SIGKILL, or all are restarted one by
 * one. Every read of every item from every live instance is answered 200, or 503 with Retry-After
 * while partitions move (never another error); nothing is lost or sold twice. How long reads went
 * unanswered, fresh and with stale reads allowed, is measured and printed, not asserted: targets
 * live in benchmarks. {@code -Dsurge.groupProtocol=streams} runs it under the Streams rebalance protocol,
 * {@code -Dsurge.sessionTimeout=6s} with another SESSION_TIMEOUT;
 * {@code -Dsurge.keepLogsIn=DIR} keeps the processors' logs, and
 * {@code -Dsurge.processorJvmArgs=-Dlogback.configurationFile=F} lets them log more (a failure prints
 * where the missing orders are: OrderTrail).
 */
class InstanceLossIT {

    private static final List<String> ITEMS = IntStream.range(0, 12).mapToObj(i -> "loss-" + i).toList();
    private static final long STOCK = 40;
    private static final String PROTOCOL = System.getProperty("surge.groupProtocol", "classic");
    /** -Dsurge.sessionTimeout=6s: the processors' SESSION_TIMEOUT, when not Surge's default. */
    private static final String SESSION_TIMEOUT = System.getProperty("surge.sessionTimeout");
    /** Records a replica may be behind for the stale reads: any standby that keeps up qualifies. */
    private static final String STALE = "?max_lag=1000";

    @TempDir
    Path dir;
    EmbeddedKafka kafka;
    RunningSurge ingress;
    final List<SurgeProcess> processors = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The ingress and the stock first, then the processors one at a time, each once every item is
     * answered by all that run, as an operator scales out. Three processors joining at once
     * rebalanced for minutes in some runs here, a thread restoring its tasks all along.
     */
    @BeforeEach
    void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        ingress = new RunningSurge(dir.resolve("ingress"), Map.of("ROLE", "ingress",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "TOPIC_PARTITIONS", "6"));
        for (String item : ITEMS) {
            HttpResponse<String> set = ingress.send("PUT", "/v1/admin/inventory/" + item, Map.of("stock", STOCK));
            assertThat(set.statusCode()).isEqualTo(202);
        }
        for (int i = 0; i < 3; i++) {
            processors.add(startProcessor(i, RunningSurge.freePort(), 0).awaitReady(Duration.ofSeconds(120)));
            for (SurgeProcess processor : processors) {
                for (String item : ITEMS) {
                    awaitStock(processor, item);
                }
            }
        }
    }

    /** Processor {@code i}'s {@code run}-th start, on its own port and state directory each time. */
    private SurgeProcess startProcessor(int i, int port, int run) throws IOException {
        Map<String, String> settings = new HashMap<>(Map.of(
                "ROLE", "processor",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TOPIC_PARTITIONS", "6",
                "STANDBY_REPLICAS", "1",
                "GROUP_PROTOCOL", PROTOCOL,
                "HTTP_PORT", Integer.toString(port),
                "STATE_DIR", dir.resolve("streams-" + i).toString()));
        if (SESSION_TIMEOUT != null) {
            settings.put("SESSION_TIMEOUT", SESSION_TIMEOUT);
        }
        return SurgeProcess.start(settings, dir.resolve("processor-" + i + "-" + run + ".log"));
    }

    @AfterEach
    void stop(TestInfo info) throws IOException {
        String test = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        SurgeProcess.keepLogs(dir, test);
        if (ingress != null) {
            ingress.close();
        }
        processors.forEach(SurgeProcess::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void killingOneProcessorLosesNothingAndTheOthersTakeOver() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean stopLoad = new AtomicBoolean();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> order(accepted, stopLoad));
        try (ReadWatch fresh = new ReadWatch(processors, ITEMS, "");
             ReadWatch stale = new ReadWatch(processors, ITEMS, STALE)) {
            Thread.sleep(2_000);
            SurgeProcess killed = processors.get(2);
            fresh.drop(killed);
            stale.drop(killed);
            killed.kill();
            long killedAt = System.nanoTime();

            awaitSettled(fresh, killedAt);
            stopLoad.set(true);
            load.get(30, TimeUnit.SECONDS);
            System.out.printf("InstanceLossIT (%s): %d orders accepted; after SIGKILL of one of three, the longest"
                            + " a survivor left an item unanswered: fresh %s; with %s %s; fresh: %s; stale: %s%n",
                    PROTOCOL, accepted.size(), fresh.longestOutageSince(killedAt), STALE,
                    stale.longestOutageSince(killedAt), fresh.summary(), stale.summary());
            assertThat(stale.staleAnswers()).as("a standby answered while the owner was gone").isPositive();
            assertThat(fresh.unexpected()).as("fresh reads: only 200, or 503 with Retry-After").isEmpty();
            assertThat(stale.unexpected()).as("stale reads: only 200, or 503 with Retry-After").isEmpty();
        }
        assertInvariants(accepted);
    }

    /**
     * Each processor in turn stopped (SIGTERM: it drains and leaves the group) and started again on
     * its port and state directory, while orders flow; the next goes once every item is answered.
     */
    @Test
    void aRollingRestartUnderLoadLosesNothing() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean stopLoad = new AtomicBoolean();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> order(accepted, stopLoad));
        List<String> figures = new ArrayList<>();
        try (ReadWatch fresh = new ReadWatch(processors, ITEMS, "");
             ReadWatch stale = new ReadWatch(processors, ITEMS, STALE)) {
            Thread.sleep(2_000);
            for (int i = 0; i < processors.size(); i++) {
                SurgeProcess stopping = processors.get(i);
                fresh.drop(stopping);
                stale.drop(stopping);
                long stoppedAt = System.nanoTime();
                stopping.process().destroy();
                assertThat(stopping.process().waitFor(60, TimeUnit.SECONDS)).as("stopped within its drain").isTrue();
                SurgeProcess restarted = startProcessor(i, stopping.port(), 1).awaitReady(Duration.ofSeconds(120));
                processors.set(i, restarted);
                fresh.add(restarted);
                stale.add(restarted);
                awaitSettled(fresh, stoppedAt);
                figures.add(String.format("processor %d: longest unanswered fresh %s, stale %s", i,
                        fresh.longestOutageSince(stoppedAt), stale.longestOutageSince(stoppedAt)));
            }
            stopLoad.set(true);
            load.get(30, TimeUnit.SECONDS);
            System.out.printf("InstanceLossIT rolling restart (%s): %d orders accepted; %s; fresh: %s; stale: %s%n",
                    PROTOCOL, accepted.size(), figures, fresh.summary(), stale.summary());
            assertThat(fresh.unexpected()).as("fresh reads: only 200, or 503 with Retry-After").isEmpty();
            assertThat(stale.unexpected()).as("stale reads: only 200, or 503 with Retry-After").isEmpty();
        }
        assertInvariants(accepted);
    }

    /** Every accepted order has exactly one result, nothing is oversold, and the stores agree. */
    private void assertInvariants(Set<String> accepted) throws Exception {
        assertThat(accepted).hasSizeGreaterThan(10);
        Map<String, List<JsonNode>> results = resultsOf(accepted);
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(results.keySet());
        if (!missing.isEmpty()) {
            throw new AssertionError(missing.size() + " accepted orders without a result: " + missing
                    + "; orders-dlq holds " + deadLetters() + "; " + OrderTrail.of(kafka.bootstrapServers(), missing));
        }
        assertThat(results.values()).as("exactly one result per order").allSatisfy(r -> assertThat(r).hasSize(1));
        Map<String, Long> reserved = new HashMap<>();
        results.values().stream().map(List::getFirst)
                .filter(result -> result.path("status").asText().equals("RESERVED"))
                .forEach(result -> reserved.merge(result.path("item_id").asText(), result.path("quantity").asLong(),
                        Long::sum));
        assertThat(reserved.values()).as("nothing oversold").allSatisfy(units -> assertThat(units).isLessThanOrEqualTo(STOCK));
        for (String item : ITEMS) {
            JsonNode level = Json.MAPPER.readTree(get(processors.get(0), "/v1/inventory/" + item).body());
            assertThat(level.path("reserved").asLong()).isEqualTo(reserved.getOrDefault(item, 0L));
            assertThat(level.path("reserved").asLong()).isLessThanOrEqualTo(level.path("supplied").asLong());
        }
    }

    private List<String> deadLetters() {
        List<String> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> dead : Topics.readUntil(kafka.bootstrapServers(), "orders-dlq",
                all -> true, Duration.ofSeconds(5))) {
            StringBuilder line = new StringBuilder();
            dead.headers().forEach(h -> line.append(h.key()).append('=')
                    .append(new String(h.value(), StandardCharsets.UTF_8)).append(' '));
            records.add(line.append(new String(dead.value(), StandardCharsets.UTF_8)).toString());
        }
        return records;
    }

    /** Orders for the items, as fast as one client goes, until told to stop. */
    private void order(Set<String> accepted, AtomicBoolean stop) {
        for (int n = 0; !stop.get(); n++) {
            String item = ITEMS.get(ThreadLocalRandom.current().nextInt(ITEMS.size()));
            try {
                HttpResponse<String> res = ingress.postJson("/v1/orders",
                        Map.of("user_id", "loss-u" + n, "item_id", item, "quantity", 1));
                assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
                accepted.add(Json.MAPPER.readTree(res.body()).path("order_id").asText());
                Thread.sleep(10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Until every live instance answered every item for 5 s in a row, at least 1 s after {@code since}. */
    private static void awaitSettled(ReadWatch watch, long since) throws InterruptedException {
        long deadline = since + Duration.ofSeconds(150).toNanos();
        long allAnsweredSince = -1;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (!watch.allAnswering()) {
                allAnsweredSince = -1;
            } else if (allAnsweredSince < 0) {
                allAnsweredSince = now;
            } else if (now - allAnsweredSince > Duration.ofSeconds(5).toNanos() && now - since > 1e9) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the instances never answered every item for 5 s in a row; " + watch.summary());
    }

    private static void awaitStock(SurgeProcess processor, String item) throws Exception {
        // Each join moves partitions, and under load a rebalance has taken a minute and more here.
        processor.awaitLevel("/v1/inventory/" + item, STOCK, null, Duration.ofSeconds(180));
    }

    /** Every committed result of these orders, by order id (each list should hold one). */
    private Map<String, List<JsonNode>> resultsOf(Set<String> orders) throws IOException {
        Set<String> seen = new HashSet<>();
        int[] read = {0};
        List<ConsumerRecord<byte[], byte[]>> records = Topics.readUntil(kafka.bootstrapServers(), "order-results",
                all -> {
                    all.subList(read[0], all.size()).forEach(record -> seen.add(orderIdOf(record)));
                    read[0] = all.size();
                    return seen.containsAll(orders);
                }, Duration.ofSeconds(180));
        Map<String, List<JsonNode>> byOrder = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode result = Json.MAPPER.readTree(record.value());
            if (orders.contains(result.path("order_id").asText())) {
                byOrder.computeIfAbsent(result.path("order_id").asText(), id -> new ArrayList<>()).add(result);
            }
        }
        return byOrder;
    }

    private static String orderIdOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.MAPPER.readTree(record.value()).path("order_id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(SurgeProcess processor, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(processor.base() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
