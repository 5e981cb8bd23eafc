package dev.surge.query;

import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.http.client.HttpConnection;
import dev.surge.http.client.Peers;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A key another instance owns is asked of that instance and answered here as if it were local:
 * the client never sees an internal address, and never sends its key anywhere but here. Reads are
 * asked of the owner (or, when the caller allows, of a standby); the writes an owner decides (order
 * commands) only of the owner.
 */
public final class Forwarding {

    /** Seconds a reader waits before asking again while ownership moves or an owner is away. */
    private static final int RETRY_SECONDS = 1;

    private final String self;
    private final Optional<Peers> peers;

    private Forwarding(String self, Optional<Peers> peers) {
        this.self = self;
        this.peers = peers;
    }

    public static Forwarding to(Peers peers) {
        return new Forwarding(peers.self(), Optional.of(peers));
    }

    /** For one instance alone, which owns every key: a key owned elsewhere is a rebalance in progress. */
    public static Forwarding none(String self) {
        return new Forwarding(self, Optional.empty());
    }

    /** This instance, as {@link Peers#SERVED_BY} names it on the answers of its own state. */
    String self() {
        return self;
    }

    /** Whether this request already came from another instance, which must then get our own state's answer. */
    static boolean forwarded(ServerRequest req) {
        return req.headers().contains(HeaderNames.create(Peers.FORWARDED_BY));
    }

    /**
     * Asks the owner and relays its answer, status and all. When the owner does not answer and the
     * caller allows stale reads, asks the key's standbys in turn, each answering from its replica.
     *
     * @param wait how long the owner may hold the request (a long poll), zero for none
     */
    void forward(ServerRequest req, ServerResponse res, QueryResult.Remote<?> remote, StaleReads stale,
                 String correlationId, Duration wait) throws RequestRejected {
        // One hop at most: an owner that thinks a third instance owns the key is mid-rebalance.
        if (peers.isEmpty() || forwarded(req)) {
            throw RequestRejected.unavailable("the key's partition is moving between instances; retry", RETRY_SECONDS);
        }
        String pathAndQuery = pathAndQuery(req, stale);
        List<HostInfo> replicas = new ArrayList<>(List.of(remote.owner()));
        if (stale.allowed()) {
            remote.standbys().stream().filter(standby -> !self.equals(address(standby))).forEach(replicas::add);
        }
        HttpConnection.Answer busy = null;
        for (HostInfo replica : replicas) {
            HttpConnection.Answer answer;
            try {
                answer = peers.get().get(address(replica), pathAndQuery, correlationId, Viewer.of(req), wait);
            } catch (IOException | RuntimeException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RequestRejected.shuttingDown();
            }
            refuseIfRefusedUs(answer);
            if (answer.status() == 503) {
                // Restoring or moving: the next replica may be close enough to answer.
                busy = answer;
                continue;
            }
            relay(res, answer);
            return;
        }
        if (busy != null) {
            relay(res, busy);
            return;
        }
        throw RequestRejected.unavailable("the instance that holds this key did not answer; retry", RETRY_SECONDS);
    }

    /**
     * Sends a write only the key's owner decides (an order command) to that owner, one hop, and
     * relays its answer, status and all. No standby is asked: a replica decides nothing.
     *
     * @param headers more for the owner, e.g. the caller's Idempotency-Key as this instance scoped it
     */
    void forwardWrite(ServerRequest req, ServerResponse res, QueryResult.Remote<?> remote, String correlationId,
                      Map<String, String> headers) throws RequestRejected {
        if (peers.isEmpty() || forwarded(req)) {
            throw RequestRejected.unavailable("the key's partition is moving between instances; retry", RETRY_SECONDS);
        }
        HttpConnection.Answer answer;
        try {
            answer = peers.get().post(address(remote.owner()), pathAndQuery(req, StaleReads.NONE), correlationId,
                    Viewer.of(req), headers);
        } catch (IOException | RuntimeException e) {
            throw RequestRejected.unavailable("the instance that holds this key did not answer; retry (it may have"
                    + " carried the request out: a retry is answered from what it did)", RETRY_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
        refuseIfRefusedUs(answer);
        relay(res, answer);
    }

    /** The caller was let in here; the peer refused us: the instances' INTERNAL_TOKEN differ or are unset. */
    private static void refuseIfRefusedUs(HttpConnection.Answer answer) throws RequestRejected {
        if (answer.status() == 401 || answer.status() == 403) {
            throw RequestRejected.unavailable("instances cannot call each other: give every instance the same"
                    + " INTERNAL_TOKEN", RETRY_SECONDS);
        }
    }

    private static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    /** The caller's path and query; an allowance given in the header travels as the parameter. */
    private static String pathAndQuery(ServerRequest req, StaleReads stale) {
        String query = req.query().rawValue();
        if (stale.allowed() && !req.query().contains(StaleReads.PARAMETER)) {
            query = (query.isEmpty() ? "" : query + "&") + StaleReads.PARAMETER + "=" + stale.maxLag();
        }
        return req.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
    }

    private static void relay(ServerResponse res, HttpConnection.Answer answer) {
        res.status(Status.create(answer.status()));
        for (String passed : List.of(Peers.SERVED_BY, StaleReads.LAG, HeaderNames.LOCATION.defaultCase())) {
            String value = answer.header(passed);
            if (value != null) {
                res.header(passed, value);
            }
        }
        String retryAfter = answer.header(HeaderNames.RETRY_AFTER.defaultCase());
        if (retryAfter != null) {
            res.header(HeaderNames.RETRY_AFTER, retryAfter);
        }
        String contentType = answer.header(HeaderNames.CONTENT_TYPE.defaultCase());
        res.header(HeaderNames.CONTENT_TYPE, contentType == null ? MediaTypes.APPLICATION_JSON_VALUE : contentType);
        res.send(answer.body());
    }
}
