package dev.surge.query.stream;

import dev.surge.http.client.HttpConnection;
import dev.surge.http.client.Peers;
import dev.surge.query.InventoryQueryService.InventoryLookup;
import dev.surge.query.QueryResult;
import dev.surge.query.StaleReads;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The current level of each item a stream starts with: from this instance's store, or asked of the
 * item's owner, all items at once and within one bounded wait, so a silent owner delays a stream's
 * start by that wait at most.
 */
final class CurrentLevels {

    private final InventoryLookup lookup;
    private final Peers peers;
    private final Duration timeout;

    CurrentLevels(InventoryLookup lookup, Peers peers, Duration timeout) {
        this.lookup = lookup;
        this.peers = peers;
        this.timeout = timeout;
    }

    /** Found, NotFound (never stocked) or Unavailable (with why), per item, in the order asked. */
    Map<String, QueryResult<InventoryLevel>> of(List<String> items, String correlationId) throws InterruptedException {
        Map<String, Future<QueryResult<InventoryLevel>>> asked = new LinkedHashMap<>();
        Map<String, QueryResult<InventoryLevel>> levels = new LinkedHashMap<>();
        try (ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor()) {
            items.forEach(item -> asked.put(item, askers.submit(() -> level(item, correlationId))));
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Map.Entry<String, Future<QueryResult<InventoryLevel>>> entry : asked.entrySet()) {
                try {
                    levels.put(entry.getKey(), entry.getValue().get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    entry.getValue().cancel(true);
                    levels.put(entry.getKey(), new QueryResult.Unavailable<>("its owner did not answer in time"));
                } catch (ExecutionException e) {
                    levels.put(entry.getKey(), new QueryResult.Unavailable<>("its level could not be read"));
                }
            }
        }
        return levels;
    }

    private QueryResult<InventoryLevel> level(String item, String correlationId) throws InterruptedException {
        QueryResult<InventoryLevel> here = lookup.find(item, StaleReads.NONE);
        if (!(here instanceof QueryResult.Remote<InventoryLevel> remote)) {
            return here;
        }
        HostInfo owner = remote.owner();
        try {
            HttpConnection.Answer answer = peers.get(owner.host() + ":" + owner.port(), "/v1/inventory/" + item,
                    correlationId, Duration.ZERO);
            return switch (answer.status()) {
                case 200 -> new QueryResult.Found<>(Json.MAPPER.readValue(answer.body(), InventoryLevel.class));
                case 404 -> new QueryResult.NotFound<>();
                default -> new QueryResult.Unavailable<>("its owner answered " + answer.status());
            };
        } catch (IOException e) {
            return new QueryResult.Unavailable<>("its owner did not answer");
        }
    }
}
