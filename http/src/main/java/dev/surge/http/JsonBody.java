package dev.surge.http;

import dev.surge.schemas.Json;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** JSON over HTTP: reads a request body within a size limit, writes a response body. */
public final class JsonBody {

    /** The content coding that changes nothing: a body sent as is. */
    public static final String IDENTITY = "identity";

    private JsonBody() {
    }

    /**
     * The raw body, refused unless it is declared as uncompressed UTF-8 JSON and fits in {@code maxBytes}.
     * At most {@code maxBytes + 1} bytes are ever held, whatever the client declares or sends.
     */
    public static byte[] read(ServerRequest request, long maxBytes) throws RequestRejected {
        if (!isJson(request.headers().first(HeaderNames.CONTENT_TYPE))) {
            throw RequestRejected.unsupportedMediaType();
        }
        if (!contentCodings(request).isEmpty()) {
            throw RequestRejected.unsupportedEncoding(List.of(IDENTITY));
        }
        return readBytes(request, maxBytes);
    }

    /** The body's bytes as sent, whatever their type or coding, refused past {@code maxBytes}; see {@link #read}. */
    public static byte[] readBytes(ServerRequest request, long maxBytes) throws RequestRejected {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw RequestRejected.tooLarge(maxBytes);
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        // A chunked body declares no length: count what arrives and stop one byte past the limit.
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE));
            if (body.length > maxBytes) {
                throw RequestRejected.tooLarge(maxBytes);
            }
            return body;
        } catch (IOException | RuntimeException e) {
            // Helidon reports a body cut short or broken chunked framing as runtime exceptions:
            // the client's fault, and the connection cannot be trusted for another request.
            throw RequestRejected.unreadableBody();
        }
    }

    /**
     * The codings of Content-Encoding, in the order applied, lower-cased, without {@code identity}
     * (which changes nothing): empty for a body sent as is. The server hands bodies over undecoded
     * ({@link PassThroughDecoding}), so every reader must look at this.
     */
    public static List<String> contentCodings(ServerRequest request) {
        return request.headers().all(HeaderNames.CONTENT_ENCODING, List::of).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(coding -> coding.trim().toLowerCase(Locale.ROOT))
                .filter(coding -> !coding.isEmpty() && !coding.equals(IDENTITY))
                .toList();
    }

    /** application/json, with no charset or UTF-8: JSON exchanged between systems is UTF-8 (RFC 8259). */
    static boolean isJson(Optional<String> contentType) {
        return isUtf8(contentType, MediaTypes.APPLICATION_JSON_VALUE);
    }

    /** {@code mediaType}, with no charset or UTF-8, the only charset a JSON text may be in (RFC 8259). */
    public static boolean isUtf8(Optional<String> contentType, String mediaType) {
        if (contentType.isEmpty()) {
            return false;
        }
        String[] parts = contentType.get().split(";");
        if (parts.length == 0 || !parts[0].trim().equalsIgnoreCase(mediaType)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
                if (!charset.toLowerCase(Locale.ROOT).equals("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }

    public static void send(ServerResponse response, Status status, Object body) {
        send(response, status, Json.toBytes(body));
    }

    /** For a body already serialized, such as one that is also stored for replay. */
    public static void send(ServerResponse response, Status status, byte[] json) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, MediaTypes.APPLICATION_JSON_VALUE);
        response.send(json);
    }
}
