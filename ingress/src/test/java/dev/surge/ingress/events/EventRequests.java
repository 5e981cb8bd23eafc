package dev.surge.ingress.events;

import dev.surge.ingress.InMemoryPublisher;
import dev.surge.ingress.RunningIngress;
import dev.surge.schemas.AnalyticsEvent;
import dev.surge.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Bodies for {@code POST /v1/events}, the requests that carry them, and what they published. */
final class EventRequests {

    static final String PATH = EventIngressService.PATH;
    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    private EventRequests() {
    }

    /** A valid event with the fields every event needs, and the extra ones given as JSON members. */
    static String event(String sessionId, String... members) {
        String extra = Stream.of(members).map(member -> "," + member).collect(Collectors.joining());
        return "{\"session_id\":\"" + sessionId + "\",\"event_type\":\"page\",\"event_action\":\"view\"" + extra + "}";
    }

    static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    static String ndjson(String... events) {
        return String.join("\n", events) + "\n";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A body with its Content-Type; more headers come in name, value pairs. */
    static HttpResponse<String> post(RunningIngress ingress, String contentType, byte[] body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", contentType));
        all.addAll(List.of(headers));
        return ingress.send("POST", PATH, body, all.toArray(String[]::new));
    }

    static HttpResponse<String> postJson(RunningIngress ingress, String body, String... headers) {
        return post(ingress, JSON, utf8(body), headers);
    }

    static HttpResponse<String> postNdjson(RunningIngress ingress, String body, String... headers) {
        return post(ingress, NDJSON, utf8(body), headers);
    }

    /** A published value read back as the topology's consumers read it. */
    static AnalyticsEvent read(InMemoryPublisher.Published record) {
        return Topics.withPrefix(RunningIngress.TOPIC_PREFIX).events().valueSerde().deserializer()
                .deserialize(record.topic(), record.value());
    }

    static List<String> eventIds(List<InMemoryPublisher.Published> records) {
        return records.stream().map(record -> read(record).eventId()).toList();
    }

    /** Settings for a RunningIngress: the limits off, and whatever else is given. */
    static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "RATE_LIMIT_MAX_REQUESTS", "0", "RATE_LIMIT_IP_MAX_REQUESTS", "0"));
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }
}
