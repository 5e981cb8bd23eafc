package dev.surge.query.stream;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import dev.surge.http.client.Peers;
import dev.surge.query.InventoryQueryService.InventoryLookup;
import dev.surge.query.QueryResult;
import dev.surge.schemas.InventoryLevel;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /v1/stream/inventory?items=a,b: Server-Sent Events, first the current level of each item,
 * then every committed change of them, whichever instance owns them (read from the inventory
 * changelog, {@link ChangelogFeed}). Each event's id is the stream's place in that log
 * ({@link Positions}); a client that reconnects with it as {@code Last-Event-ID} gets the changes it
 * missed instead of the current levels, while the log still holds them.
 */
public final class InventoryStreamService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(InventoryStreamService.class);
    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    /** Items one stream may follow: also bounds its event id, a position per partition of its items. */
    static final int MAX_ITEMS = 100;
    /** Changes queued for one stream at most; a client further behind is ended, to resume with Last-Event-ID. */
    static final int QUEUE = 256;
    /** Records a resume may read per partition; further behind, the stream starts afresh from current levels. */
    static final long MAX_REPLAY_RECORDS = 100_000;
    static final Duration MAX_REPLAY_TIME = Duration.ofSeconds(10);
    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final LiveStreams live;
    private final ChangelogFeed feed;
    private final Changelog changelog;
    private final CurrentLevels levels;

    /** @param peerTimeout the longest the current levels of a new stream may take to gather */
    public InventoryStreamService(LiveStreams live, ChangelogFeed feed, Changelog changelog, InventoryLookup lookup,
                                  Peers peers, Duration peerTimeout) {
        this.live = live;
        this.feed = feed;
        this.changelog = changelog;
        this.levels = new CurrentLevels(lookup, peers, peerTimeout);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/stream/inventory", ApiHandler.of(this::stream))
                .any("/v1/stream/inventory", HttpErrors.methodNotAllowed(Method.GET));
    }

    private void stream(ServerRequest req, ServerResponse res, String correlationId) throws RequestRejected {
        List<String> items = items(req);
        EventSink.requireEventStream(req);
        Optional<String> lastEventId = req.headers().first(LAST_EVENT_ID);
        Mailbox<Change> mailbox = new Mailbox<>(QUEUE);
        try (LiveStreams.Slot slot = live.open(LiveStreams.holder(req), mailbox);
             ChangelogFeed.Subscription subscription = subscribe(items, mailbox)) {
            // Measured after subscribing: every change at or past these offsets reaches the mailbox,
            // every change before them is in the current levels (or in the replay).
            Set<Integer> partitions = changelog.partitionsOf(items);
            Map<Integer, Long> ends = offsets(() -> changelog.ends(partitions));
            Optional<Positions> resumeFrom = lastEventId.flatMap(id -> Positions.parse(id, changelog.partitions()))
                    .flatMap(from -> resumable(from, partitions, ends));
            try (EventSink sink = EventSink.open(res)) {
                Positions at = start(sink, items, lastEventId.isPresent(), resumeFrom, ends, correlationId);
                follow(sink, mailbox, at);
            } catch (RuntimeException e) {
                log.debug("stream of {} ended: {}", items, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ChangelogFeed.Subscription subscribe(List<String> items, Mailbox<Change> mailbox) throws RequestRejected {
        try {
            return feed.subscribe(items, mailbox);
        } catch (ChangelogFeed.FeedUnavailable e) {
            throw RequestRejected.unavailable(e.getMessage());
        }
    }

    /** The current levels, or the missed changes when the stream resumes; returns where the stream then stands. */
    private Positions start(EventSink sink, List<String> items, boolean resumeAsked, Optional<Positions> resumeFrom,
                            Map<Integer, Long> ends, String correlationId) throws InterruptedException {
        if (resumeFrom.isPresent()) {
            Positions[] at = {resumeFrom.get()};
            boolean caughtUp = changelog.replay(at[0], ends, Set.copyOf(items), change -> {
                at[0] = at[0].after(change.partition(), change.offset());
                send(sink, change, at[0]);
            }, MAX_REPLAY_TIME);
            if (caughtUp) {
                return Positions.of(ends);
            }
            sink.event("reset", Map.of("message", "the missed changes took too long to read; the current levels"
                    + " follow"), null);
        } else if (resumeAsked) {
            sink.event("reset", Map.of("message", "Last-Event-ID cannot be resumed (not an id of this stream's"
                    + " items, or the changes after it are no longer in the log); the current levels follow"), null);
        }
        Positions at = Positions.of(ends);
        for (Map.Entry<String, QueryResult<InventoryLevel>> level : levels.of(items, correlationId).entrySet()) {
            switch (level.getValue()) {
                case QueryResult.Found<InventoryLevel> found -> sink.event("level", found.value(), at.id());
                case QueryResult.Unavailable<InventoryLevel> unavailable -> sink.event("unavailable",
                        new Unavailable(level.getKey(), "no current level: "
                                + unavailable.reason() + "; its changes follow"), at.id());
                default -> sink.event("unknown_item", Map.of("item_id", level.getKey()), at.id());
            }
        }
        return at;
    }

    private void follow(EventSink sink, Mailbox<Change> mailbox, Positions start) throws InterruptedException {
        Positions at = start;
        while (true) {
            switch (mailbox.next(live.heartbeat())) {
                case Mailbox.Item<Change> item -> {
                    Change change = item.value();
                    if (!at.passed(change.partition(), change.offset())) {
                        at = at.after(change.partition(), change.offset());
                        send(sink, change, at);
                    }
                }
                case Mailbox.Quiet<Change> quiet -> sink.heartbeat();
                case Mailbox.Ended<Change> ended -> {
                    sink.end(ended.reason());
                    return;
                }
            }
        }
    }

    /** The {@code unavailable} event's data. */
    record Unavailable(String itemId, String message) {
    }

    private static void send(EventSink sink, Change change, Positions at) {
        if (change.level() == null) {
            sink.event("unknown_item", Map.of("item_id", change.itemId()), at.id());
        } else {
            sink.event("level", change.level(), at.id());
        }
    }

    /**
     * The positions of an id that can be resumed from: one for each partition of the stream's
     * items, each still in the log and not too far behind.
     */
    private Optional<Positions> resumable(Positions from, Set<Integer> partitions, Map<Integer, Long> ends) {
        if (!from.next().keySet().containsAll(partitions)) {
            return Optional.empty();
        }
        Map<Integer, Long> starts;
        try {
            starts = offsets(() -> changelog.starts(partitions));
        } catch (RequestRejected e) {
            return Optional.empty();
        }
        TreeMap<Integer, Long> ours = new TreeMap<>();
        for (int partition : partitions) {
            long position = from.next().get(partition);
            if (position < starts.get(partition) || position > ends.get(partition)
                    || ends.get(partition) - position > MAX_REPLAY_RECORDS) {
                return Optional.empty();
            }
            ours.put(partition, position);
        }
        return Optional.of(Positions.of(ours));
    }

    @FunctionalInterface
    private interface OffsetsCall {
        Map<Integer, Long> call() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private static Map<Integer, Long> offsets(OffsetsCall call) throws RequestRejected {
        try {
            return call.call();
        } catch (ExecutionException | TimeoutException e) {
            throw RequestRejected.unavailable("the inventory changelog's offsets could not be read; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
    }

    /** {@code ?items=a,b}: 1 to {@link #MAX_ITEMS} item ids, each once; nothing else. */
    static List<String> items(ServerRequest req) throws RequestRejected {
        for (String name : req.query().names()) {
            if (!name.equals("items")) {
                throw RequestRejected.invalidParameter(name, "not a parameter of this stream; known: items");
            }
        }
        List<String> raw = req.query().all("items", List::of);
        if (raw.isEmpty() || raw.stream().allMatch(String::isBlank)) {
            throw RequestRejected.invalidParameter("items", "required: the item ids to follow, comma-separated");
        }
        Set<String> items = new LinkedHashSet<>();
        for (String value : raw) {
            for (String item : value.split(",", -1)) {
                String id = item.trim();
                if (!ITEM_ID.matcher(id).matches()) {
                    throw RequestRejected.invalidParameter("items", "'" + abbreviate(id) + "' is not an item id"
                            + " (1 to 64 letters, digits, '_' and '-')");
                }
                items.add(id);
                if (items.size() > MAX_ITEMS) {
                    throw RequestRejected.invalidParameter("items", "at most " + MAX_ITEMS + " items per stream");
                }
            }
        }
        return List.copyOf(items);
    }

    private static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 70) + "...";
    }
}
