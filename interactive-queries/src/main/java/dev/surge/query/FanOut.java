package dev.surge.query;

import dev.surge.http.auth.Viewer;
import dev.surge.http.client.HttpConnection;
import dev.surge.http.client.Peers;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Asks every other instance the same question at once and gathers their answers; an instance that
 * does not answer in time (or not with a 200) is named in {@link Gathered#missing}, so the merged
 * answer can say it is incomplete instead of being silently so.
 */
final class FanOut {

    /** What the instances answered, and which did not. */
    record Gathered<T>(List<T> answers, List<String> missing) {
    }

    /** On a merged answer some instances did not contribute to: who they were. */
    static final String PARTIAL = "X-Surge-Partial";

    private final Peers peers;

    FanOut(Peers peers) {
        this.peers = peers;
    }

    /**
     * @param others        host:port of every instance but this one
     * @param pathAndQuery  what to ask each; it is marked as forwarded, so each answers for itself only
     * @param viewer        the caller's view of orders, which each applies in turn
     * @param read          turns a 200's body into an answer
     */
    <T> Gathered<T> gather(Collection<String> others, String pathAndQuery, String correlationId, Viewer viewer,
                           Function<byte[], T> read) throws InterruptedException {
        List<String> targets = List.copyOf(others);
        List<Future<HttpConnection.Answer>> calls = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String peer : targets) {
                calls.add(executor.submit(() -> peers.get(peer, pathAndQuery, correlationId, viewer, Duration.ZERO)));
            }
            List<T> answers = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                try {
                    HttpConnection.Answer answer = calls.get(i).get();
                    if (answer.status() == 200) {
                        answers.add(read.apply(answer.body()));
                    } else {
                        missing.add(targets.get(i));
                    }
                } catch (ExecutionException | RuntimeException e) {
                    // Unreachable, too slow, or an answer we cannot read: all the same to the caller.
                    missing.add(targets.get(i));
                }
            }
            return new Gathered<>(answers, missing);
        }
    }

    /** Says in a header, as the body does in its fields, which instances an answer lacks. */
    static void flagPartial(ServerResponse res, List<String> missing) {
        if (!missing.isEmpty()) {
            res.header(PARTIAL, String.join(", ", missing));
        }
    }
}
