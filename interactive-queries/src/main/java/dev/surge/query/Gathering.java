package dev.surge.query;

import com.fasterxml.jackson.databind.JavaType;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.http.client.Peers;
import dev.surge.schemas.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Rows of a whole dimension, which every instance holds some of: this instance's own, and the
 * same question asked of every other at once, merged into one answer in order (a global top-N
 * from the local ones: each row lives whole on one instance). An instance that does not answer
 * makes the answer partial, and says so, instead of silently shorter.
 */
public final class Gathering {

    private final Supplier<List<String>> others;
    private final Optional<FanOut> fanOut;
    private final String self;

    private Gathering(Supplier<List<String>> others, Optional<FanOut> fanOut, String self) {
        this.others = others;
        this.fanOut = fanOut;
        this.self = self;
    }

    /** @param others host:port of every other instance, as the group knows them now ({@link Instances#others}) */
    public static Gathering across(Supplier<List<String>> others, Peers peers) {
        return new Gathering(others, Optional.of(new FanOut(peers)), peers.self());
    }

    /** For one instance alone, whose own rows are all there are. */
    public static Gathering alone(String self) {
        return new Gathering(List::of, Optional.empty(), self);
    }

    /**
     * Answers with this instance's rows merged with every other's.
     *
     * @param local this instance's answer from its own partitions
     * @param order the rows' order in the answer; {@code limit} of them are kept
     */
    <R> void send(ServerRequest req, ServerResponse res, String correlationId, QueryResult<MetricRows<R>> local,
                  Class<R> rowType, Comparator<R> order, long limit, Replies replies) throws RequestRejected {
        JavaType type = Json.MAPPER.getTypeFactory().constructParametricType(MetricRows.class, rowType);
        Optional<FanOut.Gathered<MetricRows<R>>> others = local instanceof QueryResult.Found<MetricRows<R>>
                ? askOthers(req, correlationId, type) : Optional.empty();
        if (others.isEmpty()) {
            replies.send(req, res, local, "metric", "", correlationId);
            return;
        }
        FanOut.Gathered<MetricRows<R>> gathered = others.get();
        MetricRows<R> own = ((QueryResult.Found<MetricRows<R>>) local).value();
        List<R> rows = Stream.concat(own.rows().stream(),
                        gathered.answers().stream().flatMap(answer -> answer.rows().stream()))
                .sorted(order).limit(limit).toList();
        boolean truncated = own.wasTruncated() || gathered.answers().stream().anyMatch(MetricRows::wasTruncated);
        send(res, new MetricRows<>(rows, gathered.missing().isEmpty() ? null : Boolean.TRUE,
                new ArrayList<>(gathered.missing()), truncated ? Boolean.TRUE : null), gathered.missing());
    }

    /**
     * The same request asked of every other instance, their answers read as {@code type}; empty
     * when there is no one to ask: alone, or asked by another instance, which gathers itself.
     */
    <B> Optional<FanOut.Gathered<B>> askOthers(ServerRequest req, String correlationId, JavaType type)
            throws RequestRejected {
        if (fanOut.isEmpty() || Forwarding.forwarded(req)) {
            return Optional.empty();
        }
        String query = req.query().rawValue();
        try {
            return Optional.of(fanOut.get().gather(others.get(),
                    req.path().rawPath() + (query.isEmpty() ? "" : "?" + query), correlationId, Viewer.of(req),
                    body -> read(body, type)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
    }

    /** A merged answer: who answered it, and who did not (also in a header). */
    void send(ServerResponse res, Object body, List<String> missing) {
        FanOut.flagPartial(res, missing);
        res.header(Peers.SERVED_BY, self);
        JsonBody.send(res, Status.OK_200, body);
    }

    private static <B> B read(byte[] body, JavaType type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
