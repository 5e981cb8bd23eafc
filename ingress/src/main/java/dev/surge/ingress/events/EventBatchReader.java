package dev.surge.ingress.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import dev.surge.schemas.FieldError;
import dev.surge.schemas.Json;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Validated;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a {@code POST /v1/events} body into its events, one item per index: a JSON array of events,
 * {@code {"events": [...]}} or NDJSON (one event per non-blank line), sent as is or gzipped.
 *
 * <p>Every limit holds for what is held in memory: the body as sent is read up to the body limit,
 * then inflated up to the same limit and no further, so a few kilobytes of gzip that would inflate
 * to gigabytes cost one limit's worth of inflating before the 413.
 */
final class EventBatchReader {

    static final String NDJSON = "application/x-ndjson";
    private static final String GZIP = "gzip";
    /** RFC 9110 8.4.1.3: a recipient should take x-gzip as gzip. */
    private static final Set<String> GZIP_NAMES = Set.of(GZIP, "x-gzip");
    private static final int INFLATE_BUFFER_BYTES = 8192;

    private final long maxBodyBytes;
    private final int maxBatch;

    EventBatchReader(long maxBodyBytes, int maxBatch) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatch = maxBatch;
    }

    /**
     * @throws RequestRejected 415 for another type or coding, 413 past a limit or {@code maxBatch},
     *         400 for broken gzip or a JSON body (not NDJSON) that is not an array of events
     */
    List<BatchItem> read(ServerRequest request) throws RequestRejected {
        Optional<String> contentType = request.headers().first(HeaderNames.CONTENT_TYPE);
        boolean ndjson = JsonBody.isUtf8(contentType, NDJSON);
        if (!ndjson && !JsonBody.isUtf8(contentType, MediaTypes.APPLICATION_JSON_VALUE)) {
            throw RequestRejected.unsupportedMediaType(
                    "the body must be sent as Content-Type: application/json or " + NDJSON + " (UTF-8)");
        }
        boolean gzipped = gzipped(JsonBody.contentCodings(request));
        byte[] sent = JsonBody.readBytes(request, maxBodyBytes);
        byte[] body = gzipped ? inflate(sent) : sent;
        return ndjson ? lines(body) : array(body);
    }

    /** One gzip layer or none: stacked codings are refused, as no client has a reason to send them. */
    private static boolean gzipped(List<String> codings) throws RequestRejected {
        if (codings.isEmpty()) {
            return false;
        }
        if (codings.size() == 1 && GZIP_NAMES.contains(codings.getFirst())) {
            return true;
        }
        throw RequestRejected.unsupportedEncoding(List.of(GZIP, JsonBody.IDENTITY));
    }

    /** Inflates at most one byte past the limit, however much the body would inflate to. */
    byte[] inflate(byte[] compressed) throws RequestRejected {
        byte[] body;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), INFLATE_BUFFER_BYTES)) {
            body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE));
        } catch (IOException e) {
            // Not gzip, cut short, a bad checksum: the client's bytes, not our fault; no library text.
            throw RequestRejected.invalidBody("the body is not valid gzip");
        }
        if (body.length > maxBodyBytes) {
            throw RequestRejected.tooLargeInflated(maxBodyBytes);
        }
        return body;
    }

    /** A JSON body must parse as a whole: there is no telling where one event ends in broken JSON. */
    List<BatchItem> array(byte[] body) throws RequestRejected {
        requireAtMostMaxBatch(body);
        JsonNode root = switch (MessageValidator.parse(body)) {
            case Validated.Valid<JsonNode> valid -> valid.value();
            case Validated.Invalid<JsonNode> invalid -> throw RequestRejected.invalidJson(invalid.errors());
        };
        JsonNode events = eventsOf(root);
        if (events.size() > maxBatch) {
            throw RequestRejected.tooManyEvents(maxBatch);
        }
        List<BatchItem> items = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            // Measured as compact JSON: what the client's spacing adds is not the event's size.
            items.add(new BatchItem.Parsed(event, Json.toBytes(event).length));
        }
        return items;
    }

    /**
     * Counts the batch's events with a streaming parser before any tree is built: a tree of 1 MiB of
     * {@code [[],[],...]} (1 KB of gzip) held 349,525 elements and took 20 MiB to refuse.
     * Anything but a well-formed count is left to the full parse, which says what is wrong.
     */
    private void requireAtMostMaxBatch(byte[] body) throws RequestRejected {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                countEvents(parser);
            } else if (first == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean events = "events".equals(parser.currentName());
                    if (parser.nextToken() == JsonToken.START_ARRAY && events) {
                        countEvents(parser);
                        return;
                    }
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // Not JSON: the full parse refuses it with the position.
        }
    }

    private void countEvents(JsonParser parser) throws IOException, RequestRejected {
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY;
                token = parser.nextToken()) {
            if (++count > maxBatch) {
                throw RequestRejected.tooManyEvents(maxBatch);
            }
            parser.skipChildren();
        }
    }

    private static JsonNode eventsOf(JsonNode root) throws RequestRejected {
        if (root.isArray()) {
            return root;
        }
        if (!root.isObject()) {
            throw RequestRejected.invalid(List.of(new FieldError("",
                    "must be an array of events or an object {\"events\": [...]}")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("events")) {
                errors.add(new FieldError(name, "is not a known field"));
            }
        }
        JsonNode events = root.get("events");
        if (events == null) {
            errors.add(new FieldError("events", "is required"));
        } else if (!events.isArray()) {
            errors.add(new FieldError("events", "must be an array of events"));
        }
        if (!errors.isEmpty()) {
            throw RequestRejected.invalid(errors);
        }
        return events;
    }

    /** Each line is parsed on its own, so a line that is not JSON is refused at its index and the rest go on. */
    List<BatchItem> lines(byte[] body) throws RequestRejected {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i < body.length && body[i] != '\n') {
                continue;
            }
            int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
            if (!isBlank(body, start, end)) {
                if (lines.size() == maxBatch) {
                    throw RequestRejected.tooManyEvents(maxBatch);
                }
                lines.add(Arrays.copyOfRange(body, start, end));
            }
            start = i + 1;
        }
        List<BatchItem> items = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            items.add(switch (MessageValidator.parse(line)) {
                case Validated.Valid<JsonNode> valid -> new BatchItem.Parsed(valid.value(), line.length);
                case Validated.Invalid<JsonNode> invalid -> new BatchItem.NotJson(invalid.errors());
            });
        }
        return items;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
