package dev.surge.tests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where orders without a result are, for a failing test's message: their records on {@code orders},
 * the group's committed positions there, results not (yet) committed, and open transactions.
 */
final class OrderTrail {

    private OrderTrail() {
    }

    static String of(String bootstrap, Set<String> orderIds) {
        StringBuilder trail = new StringBuilder();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            trail.append("on orders: ").append(recordsOf(bootstrap, "orders", orderIds, "read_committed"));
            trail.append("; uncommitted or aborted results: ")
                    .append(recordsOf(bootstrap, "order-results", orderIds, "read_uncommitted"));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("surge")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .filter(tp -> tp.topic().equals("orders"))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            trail.append("; group surge on orders (committed/end): ");
            ends.forEach((tp, end) -> trail.append(tp.partition()).append('=')
                    .append(committed.get(tp).offset()).append('/').append(end.offset()).append(' '));
            List<String> open = new ArrayList<>();
            for (TransactionListing tx : admin.listTransactions().all().get()) {
                open.add(tx.transactionalId() + ":" + tx.state());
            }
            trail.append("; transactions: ").append(open);
        } catch (Exception e) {
            trail.append(" (trail cut short: ").append(e).append(')');
        }
        return trail.toString();
    }

    private static List<String> recordsOf(String bootstrap, String topic, Set<String> orderIds, String isolation) {
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.read(bootstrap, topic, isolation, all -> !all.isEmpty(),
                Duration.ofSeconds(30))) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            orderIds.stream().filter(value::contains).findFirst().ifPresent(id ->
                    found.add(id.substring(0, Math.min(8, id.length())) + "@" + record.partition() + ":" + record.offset()));
        }
        return found;
    }
}
