package dev.surge.tools.bench.orders;

import dev.surge.tools.bench.ScenarioResult.Invariants;
import dev.surge.node.kafka.TopicTail;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Watches a results topic (read_committed, from its start) while a system catches up with a
 * backlog. While it runs it only counts and notes the broker's append times, so it takes little
 * CPU from what is measured; the results are read and checked afterwards.
 */
final class ResultTally implements AutoCloseable {

    /**
     * How many results came, when the first and the last were appended, and the CPU time this whole
     * process (broker included, when it is embedded) spent between the first and the last arriving:
     * on a shared, noisy machine CPU per order holds better than orders per second.
     */
    record Progress(long results, long firstAppendMs, long lastAppendMs, long cpuNanos) {

        double seconds() {
            return Math.max(1, lastAppendMs - firstAppendMs) / 1000.0;
        }

        double cpuMicrosPerResult() {
            return results == 0 ? 0 : cpuNanos / 1000.0 / results;
        }
    }

    private static final Duration STALL = Duration.ofSeconds(60);
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private final TopicTail tail;

    ResultTally(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        tail = TopicTail.atStart(config, topic);
    }

    /**
     * Counts until {@code expected} results came, or none came for a minute (a system that lost
     * results or stopped), printing progress every few seconds.
     */
    Progress await(long expected, PrintStream progress) {
        long results = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        long lastGrowth = System.nanoTime();
        long cpuAtFirst = 0;
        long cpuAtLast = 0;
        long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (results < expected && System.nanoTime() - lastGrowth < STALL.toNanos()) {
            var records = tail.consumer().poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                cpuAtLast = PROCESS.getProcessCpuTime();
                cpuAtFirst = results == 0 ? cpuAtLast : cpuAtFirst;
                lastGrowth = System.nanoTime();
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                results++;
                first = Math.min(first, record.timestamp());
                last = Math.max(last, record.timestamp());
            }
            if (System.nanoTime() > nextReport) {
                progress.printf("    %,d of %,d results%n", results, expected);
                nextReport += Duration.ofSeconds(5).toNanos();
            }
        }
        Progress done = new Progress(results, first == Long.MAX_VALUE ? 0 : first, last, cpuAtLast - cpuAtFirst);
        progress.printf("    %,d results in %.2f s; CPU %.1f µs per result (whole process)%n", results, done.seconds(),
                done.cpuMicrosPerResult());
        return done;
    }

    /**
     * Reads every result again and checks the order invariants: one result per order, and for each
     * item no more units reserved than supplied.
     */
    static Invariants check(Map<String, Object> clientConfig, String topic, OrderBacklog backlog) {
        try (ResultTally again = new ResultTally(clientConfig, topic)) {
            Set<String> orders = new HashSet<>();
            Map<String, Long> reserved = new HashMap<>();
            long results = 0;
            // Done when three polls in a row bring nothing: the tally saw the last result already.
            for (int empty = 0; empty < 3; ) {
                var records = again.tail.consumer().poll(Duration.ofSeconds(1));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    results++;
                    OrderResult result = Json.MAPPER.readValue(record.value(), OrderResult.class);
                    orders.add(result.orderId());
                    if (result.status() == OrderStatus.RESERVED) {
                        reserved.merge(result.itemId(), (long) result.quantity(), Long::sum);
                    }
                }
            }
            long oversold = reserved.values().stream()
                    .mapToLong(units -> Math.max(0, units - backlog.stockPerItem())).sum();
            return new Invariants(oversold, backlog.orders() - orders.size(), results - orders.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a result", e);
        }
    }

    @Override
    public void close() {
        tail.close();
    }
}
