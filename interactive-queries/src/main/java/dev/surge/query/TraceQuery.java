package dev.surge.query;

import dev.surge.topology.TraceEntry;
import dev.surge.topology.TraceStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A correlation id's trace entries on this instance. The id is no store key's partition: the
 * records that carried it were partitioned by item or session, so its entries may be in any
 * partition of either trace store. Each active partition here is read (Kafka Streams' interactive
 * query v2, which answers per partition); one that cannot answer (restoring) is named as missing.
 */
public final class TraceQuery {

    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final KafkaStreams streams;
    private final String self;

    public TraceQuery(KafkaStreams streams, String self) {
        this.streams = streams;
        this.self = self;
    }

    public QueryResult<TraceAnswer> find(String correlationId) {
        List<TraceEntry> entries = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean truncated = false;
        try {
            for (String store : List.of(TraceStores.ORDERS, TraceStores.EVENTS)) {
                truncated |= read(store, correlationId, entries, missing);
            }
        } catch (RuntimeException e) {
            if (!StoreFailures.notReady(e)) {
                throw e;
            }
            // Not started, stopping or stopped: no partition can answer.
            return new QueryResult.Unavailable<>("streams is not running: " + StoreFailures.reason(e));
        }
        return new QueryResult.Found<>(TraceAnswer.of(correlationId, entries, truncated, missing));
    }

    /** Adds the store's entries of the id to {@code entries}; true when a partition held more than an answer takes. */
    private boolean read(String store, String correlationId, List<TraceEntry> entries, List<String> missing) {
        StateQueryResult<WindowStoreIterator<TraceEntry>> result = streams.query(StateQueryRequest.inStore(store)
                .withQuery(WindowKeyQuery.<String, TraceEntry>withKeyAndWindowStartRange(correlationId, Instant.EPOCH,
                        LATEST))
                .requireActive());
        boolean truncated = false;
        for (Map.Entry<Integer, org.apache.kafka.streams.query.QueryResult<WindowStoreIterator<TraceEntry>>> partition
                : result.getPartitionResults().entrySet()) {
            var answer = partition.getValue();
            if (answer.isSuccess()) {
                // Each partition's entries come oldest first: the oldest of all are among the first of each.
                try (WindowStoreIterator<TraceEntry> found = answer.getResult()) {
                    int taken = 0;
                    while (found.hasNext() && taken < TraceAnswer.MAX_ENTRIES) {
                        entries.add(found.next().value);
                        taken++;
                    }
                    truncated |= found.hasNext();
                }
            } else if (answer.getFailureReason() != FailureReason.NOT_ACTIVE) {
                // A standby is NOT_ACTIVE: its active copy answers elsewhere. Anything else leaves a gap.
                missing.add(self + " " + store + "-" + partition.getKey() + " (" + answer.getFailureReason() + ")");
            }
        }
        return truncated;
    }
}
