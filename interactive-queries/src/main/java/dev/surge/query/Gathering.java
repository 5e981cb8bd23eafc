package dev.surge.query;

import com.fasterxml.jackson.databind.JavaType;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
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
        if (!(local instanceof QueryResult.Found<MetricRows<R>> found) || fanOut.isEmpty()
                || Forwarding.forwarded(req)) {
            // Asked by another instance (it gathers), alone, or unable to answer: our own answer.
            replies.send(req, res, local, "metric", "", correlationId);
            return;
        }
        String query = req.query().rawValue();
        JavaType type = Json.MAPPER.getTypeFactory().constructParametricType(MetricRows.class, rowType);
        FanOut.Gathered<MetricRows<R>> gathered;
        try {
            gathered = fanOut.get().gather(others.get(),
                    req.path().rawPath() + (query.isEmpty() ? "" : "?" + query), correlationId,
                    body -> read(body, type));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RequestRejected.shuttingDown();
        }
        List<R> rows = Stream.concat(found.value().rows().stream(),
                        gathered.answers().stream().flatMap(answer -> answer.rows().stream()))
                .sorted(order).limit(limit).toList();
        boolean partial = !gathered.missing().isEmpty();
        FanOut.flagPartial(res, gathered.missing());
        res.header(Peers.SERVED_BY, self);
        JsonBody.send(res, Status.OK_200, new MetricRows<>(rows, partial ? Boolean.TRUE : null,
                new ArrayList<>(gathered.missing())));
    }

    private static <R> MetricRows<R> read(byte[] body, JavaType type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
