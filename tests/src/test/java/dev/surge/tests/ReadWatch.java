package dev.surge.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads every item from every live instance, round after round, on a thread of its own, and
 * records each stretch in which an (instance, item) pair was not answered 200: how long reads were
 * unavailable while instances died, restarted or moved partitions. Any answer other than 200, or
 * 503 with Retry-After, from an instance still live is kept as unexpected.
 */
final class ReadWatch implements AutoCloseable {

    /** A stretch of reads of one item from one instance that were not answered 200. */
    record Outage(String instance, String item, long startNanos, long endNanos, String lastAnswer) {

        static final Outage NONE = new Outage("", "", 0, 0, "");

        Duration length() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        double seconds() {
            return length().toMillis() / 1000.0;
        }

        @Override
        public String toString() {
            return String.format("%.1f s (%s from %s; last answer %s)", seconds(), item, instance, lastAnswer);
        }
    }

    /** When a pair began to fail, and the last failing answer it gave. */
    private record Failing(long since, String lastAnswer) {
    }

    private final List<SurgeProcess> live = new CopyOnWriteArrayList<>();
    private final List<String> items;
    private final String query;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Failing> failing = new HashMap<>();
    private final List<Outage> outages = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private volatile long staleAnswers;
    private volatile long answers;
    private volatile long largestLag;
    private volatile boolean stopped;
    private final Thread reader;

    /** @param query appended to every read, e.g. {@code ?max_lag=1000} for stale reads, or empty */
    ReadWatch(List<SurgeProcess> instances, List<String> items, String query) {
        this.live.addAll(instances);
        this.items = List.copyOf(items);
        this.query = query;
        this.reader = Thread.ofPlatform().daemon().name("read-watch" + query).start(this::run);
    }

    /** Stops reading from an instance about to be stopped or killed. */
    synchronized void drop(SurgeProcess instance) {
        live.remove(instance);
        failing.keySet().removeIf(key -> key.startsWith(instance.address() + " "));
    }

    void add(SurgeProcess instance) {
        live.add(instance);
    }

    private void run() {
        while (!stopped) {
            for (SurgeProcess instance : live) {
                for (String item : items) {
                    read(instance, item);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(SurgeProcess instance, String item) {
        String key = instance.address() + " " + item;
        boolean answered;
        String answer;
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                            URI.create(instance.base() + "/v1/inventory/" + item + query))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            answered = res.statusCode() == 200;
            answer = res.statusCode() + " " + res.body();
            if (answered) {
                answers++;
                res.headers().firstValue("X-Surge-Lag").map(Long::parseLong).ifPresent(lag -> {
                    staleAnswers++;
                    largestLag = Math.max(largestLag, lag);
                });
            } else if (res.statusCode() != 503 || res.headers().firstValue("Retry-After").isEmpty()) {
                unexpected(instance, item + ": " + res.statusCode() + " " + res.body() + logged(res.body()));
            }
        } catch (IOException e) {
            answered = false;
            answer = e.toString();
            unexpected(instance, item + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (!live.contains(instance)) {
                return;
            }
            if (!answered) {
                Failing before = failing.get(key);
                failing.put(key, new Failing(before == null ? now : before.since(), answer));
            } else {
                Failing ended = failing.remove(key);
                if (ended != null) {
                    outages.add(new Outage(instance.address(), item, ended.since(), now, ended.lastAnswer()));
                }
            }
        }
    }

    /** What the instances logged of a failed read (the answering one, or the owner it asked): its cause. */
    private String logged(String body) {
        StringBuilder logged = new StringBuilder();
        for (SurgeProcess instance : live) {
            String lines = instance.loggedUnder(body);
            if (!lines.isEmpty()) {
                logged.append("\n").append(instance.address()).append(" logged: ").append(lines);
            }
        }
        return logged.toString();
    }

    private void unexpected(SurgeProcess instance, String what) {
        // An instance dropped meanwhile was being stopped: its refusals are expected.
        if (live.contains(instance)) {
            unexpected.add(instance.address() + " " + what);
        }
    }

    /** The longest stretch that began at or after {@code sinceNanos}; one still open counts until now. */
    synchronized Outage longestOutageSince(long sinceNanos) {
        long now = System.nanoTime();
        List<Outage> all = new ArrayList<>(outages);
        failing.forEach((key, open) -> all.add(new Outage(key, "(still)", open.since(), now, open.lastAnswer())));
        return all.stream().filter(outage -> outage.startNanos() >= sinceNanos)
                .max(Comparator.comparing(Outage::length)).orElse(Outage.NONE);
    }

    /** Whether every live instance answered every item in its last read. */
    synchronized boolean allAnswering() {
        return failing.isEmpty();
    }

    long staleAnswers() {
        return staleAnswers;
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    String summary() {
        return String.format("%d reads answered, %d of them by a replica behind its owner (largest lag %d records)",
                answers, staleAnswers, largestLag);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        reader.join(15_000);
    }
}
