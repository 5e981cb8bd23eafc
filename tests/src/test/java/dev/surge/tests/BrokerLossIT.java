package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafkaCluster;
import dev.surge.schemas.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Surge (role all) on a three-broker KRaft cluster, every topic with three replicas and
 * min.insync.replicas 2, orders flowing over HTTP throughout. One broker is killed: writes stall
 * until the controller fences it, then go on with two replicas in sync; health says
 * under-replicated. A second is killed: too few replicas in sync, so the ingress refuses with 503
 * and Retry-After, the breaker opens, health says writes are refused. Both come back: orders are
 * accepted again. Every order ever answered 202 has exactly one result (or a DLQ record), and
 * nothing is oversold. Times are printed, not asserted.
 */
class BrokerLossIT {

    /** Few units: sold out during the test, so rejections and the oversell check both matter. */
    private static final Map<String, Long> STOCK = Map.of(
            "scarce-1", 20L, "scarce-2", 20L, "plenty-1", 100_000L, "plenty-2", 100_000L, "plenty-3", 100_000L);
    private static final Duration AWAIT = Duration.ofSeconds(120);
    /** How long orders flow with one broker down before the second goes. */
    private static final Duration STEADY = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static EmbeddedKafkaCluster kafka;
    static RunningSurge surge;
    static Admin admin;
    static HealthWatch watch;
    static OrderLoad load;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.start(dir.resolve("kafka"), 1, 3);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        surge = new RunningSurge(dir.resolve("node"), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TOPIC_REPLICATION_FACTOR", "3",
                // Short open times, so the breaker's recovery fits the test; the window as in BrokerOutageIT.
                "BREAKER_WINDOW", "10",
                "BREAKER_MINIMUM_CALLS", "3",
                "BREAKER_OPEN_BASE", "5s",
                "BREAKER_OPEN_MAX", "20s"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (load != null) {
            load.close();
        }
        if (watch != null) {
            watch.close();
        }
        if (surge != null) {
            surge.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void losingOneBrokerLosesNothingAndLosingTwoRefusesOrdersUntilTheyReturn() throws Exception {
        for (Map.Entry<String, Long> item : STOCK.entrySet()) {
            surge.stock(item.getKey(), item.getValue());
        }
        assertThat(replicaCounts()).as("replicas of every topic, Streams' and Kafka's internal ones included")
                .containsOnlyKeys(3);
        assertThat(kafkaHealth().path("detail").asText()).startsWith("3 broker(s); all");

        watch = HealthWatch.start(surge);
        load = OrderLoad.start(surge, List.copyOf(STOCK.keySet()), "loss", 3);
        awaitAccepted(load, 0, 30);

        // The broker that leads the most partitions: the most leaderships to move, and every
        // partition it follows waits for it too until the controller fences it.
        Map<Integer, Integer> leaders = leaderCounts();
        int first = mostLeaderships(leaders);
        long firstKilled = System.nanoTime();
        kafka.kill(first);
        awaitAccepted(load, firstKilled, 1);
        JsonNode oneDown = awaitHealth(h -> component(h, "kafka").path("detail").asText().startsWith("2 broker(s)")
                && component(h, "kafka").path("detail").asText().contains("under-replicated (writes accepted)"),
                "two brokers, under-replicated");
        long fenced = System.nanoTime();
        assertThat(component(oneDown, "kafka").path("status").asText()).isEqualTo("DEGRADED");
        assertThat(component(oneDown, "kafka").path("detail").asText()).doesNotContain("writes refused");
        assertThat(surge.get("/health/ready").statusCode()).as("one broker down is no reason to stop routing here")
                .isEqualTo(200);

        // With two of three replicas in sync (min 2), orders go on being accepted, none refused, once
        // the orders that waited for the dead broker have had their answers and the breaker, if
        // their timeouts opened it, has closed again.
        awaitCondition(() -> load.answeredAllSentBefore(fenced), "orders sent before the fencing answered");
        awaitHealth(h -> component(h, "circuit_breaker").path("detail").asText().startsWith("CLOSED"), "breaker closed");
        long steadyFrom = System.nanoTime();
        awaitAccepted(load, steadyFrom, 40);
        Thread.sleep(Math.max(0, STEADY.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - steadyFrom)));
        long steadyTo = System.nanoTime();
        List<OrderLoad.Answer> steady = load.answers().stream()
                .filter(a -> a.sentNanos() >= steadyFrom && a.answeredNanos() < steadyTo).toList();
        assertThat(steady).as("answers with one broker down and min.insync.replicas met")
                .allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(202));

        // A second broker: one replica in sync, fewer than min.insync.replicas.
        int second = mostLeaderships(leaderCounts());
        long secondKilled = System.nanoTime();
        kafka.kill(second);
        // Which comes first, the ISRs shrinking or the broker leaving the live list, varies.
        JsonNode twoDown = awaitHealth(h -> component(h, "kafka").path("detail").asText().startsWith("1 broker(s)")
                && component(h, "kafka").path("detail").asText().contains("writes refused")
                && component(h, "circuit_breaker").path("status").asText().equals("DOWN"), "writes refused, breaker open");
        long breakerOpen = System.nanoTime();
        assertThat(component(twoDown, "kafka").path("detail").asText())
                .contains("below min.insync.replicas (writes refused)");
        assertThat(component(twoDown, "circuit_breaker").path("detail").asText()).startsWith("OPEN");
        HttpResponse<String> refused = surge.postJson("/v1/orders",
                Map.of("user_id", "loss-refused", "item_id", "plenty-1", "quantity", 1));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(surge.get("/health/ready").statusCode()).as("reads still work: the breaker, not readiness, refuses writes")
                .isEqualTo(200);

        long restarting = System.nanoTime();
        kafka.restart(first);
        kafka.restart(second);
        long back = System.nanoTime();
        awaitAccepted(load, back, 1);
        long secondResumed = firstAcceptedSentAfter(load, back);
        awaitHealth(h -> component(h, "kafka").path("status").asText().equals("UP")
                && component(h, "circuit_breaker").path("detail").asText().startsWith("CLOSED"), "all in sync, breaker closed");
        awaitAccepted(load, System.nanoTime(), 40);
        load.close();
        watch.close();

        List<OrderLoad.Answer> answers = load.answers();
        assertThat(answers).as("every order answered 202 or 503 with Retry-After")
                .allSatisfy(a -> assertThat(a.accepted() || (a.status() == 503 && a.retryAfter())).as(a.body()).isTrue());
        long refusedAfterFirst = between(load, firstKilled, secondKilled).stream().filter(a -> !a.accepted()).count();
        long refusedAfterSecond = between(load, secondKilled, Long.MAX_VALUE).stream().filter(a -> !a.accepted()).count();
        Set<String> accepted = answers.stream().filter(OrderLoad.Answer::accepted).map(OrderLoad.Answer::orderId)
                .collect(Collectors.toSet());
        System.out.printf("BrokerLossIT: leaderships before the first kill %s; killed broker %d, then %d.%n"
                        + "  %d orders accepted, %d refused (503) in all; first kill: %d refused, no order accepted for"
                        + " %.1f s at the longest, %d accepted in %.1f s of one broker down with"
                        + " none refused;%n  second kill: breaker open and health 'writes refused' %.1f s after it, %d refused,"
                        + " no order accepted for %.1f s; accepted again %.1f s after both brokers were back.%n",
                leaders, first, second, accepted.size(), answers.size() - accepted.size(), refusedAfterFirst,
                seconds(longestWithoutAcceptance(answers, firstKilled, steadyFrom)), steady.size(), seconds(steadyTo - steadyFrom),
                seconds(breakerOpen - secondKilled), refusedAfterSecond,
                seconds(longestWithoutAcceptance(answers, secondKilled, secondResumed + 1)), seconds(secondResumed - back));
        System.out.printf("BrokerLossIT: health as it changed (s after the first kill; second kill at %+.1f s,"
                        + " restarts from %+.1f s, both back at %+.1f s):%n%s",
                seconds(secondKilled - firstKilled), seconds(restarting - firstKilled), seconds(back - firstKilled),
                watch.timeline(firstKilled));

        assertNothingLostOrOversold(answers);
    }

    /**
     * Every accepted order has one result or a DLQ record; a refused one at most one (its write may
     * have reached the brokers though the acknowledgement did not reach the ingress in time);
     * reserved units within stock, and as the inventory API says.
     */
    private static void assertNothingLostOrOversold(List<OrderLoad.Answer> answers) throws Exception {
        Set<String> dead = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readUntil(kafka.bootstrapServers(), "orders-dlq",
                all -> true, Duration.ofSeconds(30))) {
            dead.add(Json.MAPPER.readTree(record.value()).path("user_id").asText());
        }
        Set<String> awaited = answers.stream().filter(OrderLoad.Answer::accepted).map(OrderLoad.Answer::userId)
                .filter(user -> !dead.contains(user)).collect(Collectors.toSet());
        Map<String, List<JsonNode>> byUser = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readUntil(kafka.bootstrapServers(), "order-results",
                all -> all.size() >= awaited.size(), AWAIT)) {
            JsonNode result = Json.MAPPER.readTree(record.value());
            byUser.computeIfAbsent(result.path("user_id").asText(), user -> new ArrayList<>()).add(result);
        }
        assertThat(byUser.keySet()).as("every accepted order not in the DLQ got a result").containsAll(awaited);
        assertThat(byUser.values()).as("never more than one result per order").allSatisfy(r -> assertThat(r).hasSize(1));
        for (OrderLoad.Answer accepted : answers.stream().filter(OrderLoad.Answer::accepted).toList()) {
            if (byUser.containsKey(accepted.userId())) {
                assertThat(byUser.get(accepted.userId()).getFirst().path("order_id").asText()).isEqualTo(accepted.orderId());
            }
        }
        long refusedYetProcessed = answers.stream().filter(a -> !a.accepted() && byUser.containsKey(a.userId())).count();

        Map<String, Long> reserved = new HashMap<>();
        byUser.values().stream().map(List::getFirst)
                .filter(result -> result.path("status").asText().equals("RESERVED"))
                .forEach(result -> reserved.merge(result.path("item_id").asText(), result.path("quantity").asLong(),
                        Long::sum));
        for (Map.Entry<String, Long> item : STOCK.entrySet()) {
            long units = reserved.getOrDefault(item.getKey(), 0L);
            assertThat(units).as("nothing oversold of %s", item.getKey()).isLessThanOrEqualTo(item.getValue());
            JsonNode level = Json.MAPPER.readTree(surge.get("/v1/inventory/" + item.getKey()).body());
            assertThat(level.path("reserved").asLong()).as("reserved %s per the API", item.getKey()).isEqualTo(units);
            assertThat(level.path("available").asLong()).isEqualTo(item.getValue() - units);
        }
        assertThat(reserved.get("scarce-1")).as("a scarce item sold out").isEqualTo(STOCK.get("scarce-1"));
        System.out.printf("BrokerLossIT: %d results, %d orders in the DLQ, %d answered 503 yet processed;"
                + " reserved %s%n", byUser.size(), dead.size(), refusedYetProcessed, new TreeMap<>(reserved));
    }

    /** Waits until {@code count} orders sent after {@code sinceNanos} were accepted. */
    private static void awaitAccepted(OrderLoad load, long sinceNanos, int count) throws InterruptedException {
        awaitCondition(() -> load.answers().stream().filter(a -> a.accepted() && a.sentNanos() >= sinceNanos).count() >= count,
                count + " orders accepted");
    }

    private static long firstAcceptedSentAfter(OrderLoad load, long sinceNanos) {
        return load.answers().stream().filter(a -> a.accepted() && a.sentNanos() >= sinceNanos)
                .mapToLong(OrderLoad.Answer::answeredNanos).min().orElseThrow();
    }

    /** The longest time in [from, to) in which no order was answered 202. */
    private static long longestWithoutAcceptance(List<OrderLoad.Answer> answers, long fromNanos, long toNanos) {
        List<Long> times = new ArrayList<>(List.of(fromNanos, toNanos));
        answers.stream().filter(a -> a.accepted() && a.answeredBetween(fromNanos, toNanos))
                .forEach(a -> times.add(a.answeredNanos()));
        times.sort(null);
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, times.get(i) - times.get(i - 1));
        }
        return longest;
    }

    private static List<OrderLoad.Answer> between(OrderLoad load, long fromNanos, long toNanos) {
        return load.answers().stream().filter(a -> a.answeredBetween(fromNanos, toNanos)).toList();
    }

    private static void awaitCondition(BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + AWAIT.toSeconds() + " s; health: " + health());
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode awaitHealth(Predicate<JsonNode> expected, String what) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = Json.MAPPER.readTree(surge.get("/health").body());
            if (expected.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("health never said " + what + " within " + AWAIT.toSeconds() + " s: " + last);
    }

    private static String health() {
        try {
            return surge.get("/health").body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static JsonNode kafkaHealth() throws Exception {
        return component(Json.MAPPER.readTree(surge.get("/health").body()), "kafka");
    }

    private static JsonNode component(JsonNode health, String name) {
        return health.path("components").path(name);
    }

    /** How many partitions, of every topic in the cluster, have each replica count. */
    private static Map<Integer, Long> replicaCounts() throws Exception {
        return partitions().collect(Collectors.groupingBy(p -> p.replicas().size(), TreeMap::new, Collectors.counting()));
    }

    /** Partitions led per live broker, over every topic in the cluster. */
    private static Map<Integer, Integer> leaderCounts() throws Exception {
        Map<Integer, Integer> counts = new TreeMap<>();
        partitions().filter(p -> p.leader() != null && !p.leader().isEmpty())
                .forEach(p -> counts.merge(p.leader().id(), 1, Integer::sum));
        return counts;
    }

    private static int mostLeaderships(Map<Integer, Integer> counts) {
        return counts.entrySet().stream().filter(e -> kafka.runningBrokers().contains(e.getKey()))
                .max(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .orElseThrow().getKey();
    }

    private static Stream<TopicPartitionInfo> partitions() throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        return described.values().stream().flatMap(d -> d.partitions().stream());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
