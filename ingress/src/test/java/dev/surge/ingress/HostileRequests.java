package dev.surge.ingress;

import static dev.surge.ingress.MalformedRequests.http;
import static dev.surge.ingress.MalformedRequests.raw;
import static dev.surge.ingress.MalformedRequests.request;
import static dev.surge.ingress.MalformedRequests.utf8;

import dev.surge.ingress.MalformedRequests.Case;
import dev.surge.ingress.MalformedRequests.Category;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The requests of the security review, for {@link MalformedRequestFuzzTest}: methods nobody
 * registered (each once grew the request meters), compressed bodies that inflate past the limits
 * or into nonsense, and headers sized or repeated to hurt. Each is refused with a 4xx.
 */
final class HostileRequests {

    private static final String EVENTS = "/v1/events";
    private static final String[] PATHS = {MalformedRequests.PATH, EVENTS, "/v1/orders/o-1", "/v1/inventory/sku-1",
        "/v1/nowhere", "/health/../v1/orders", "/"};
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";

    private final Random r;

    HostileRequests(Random random) {
        this.r = random;
    }

    /** A method token of letters, digits and token punctuation that no route knows, on any path. */
    Case inventedMethod() {
        StringBuilder method = new StringBuilder(r.nextBoolean() ? "M" + r.nextInt(1_000_000) : "");
        for (int i = method.length(); i < 1 + r.nextInt(24); i++) {
            method.append(TOKEN_CHARS.charAt(r.nextInt(TOKEN_CHARS.length())));
        }
        String path = PATHS[r.nextInt(PATHS.length)];
        byte[] body = r.nextBoolean() ? utf8(MalformedRequests.validOrder("u-1", "sku-1", 1)) : new byte[0];
        return raw(Category.INVENTED_METHOD, "invented method", 0, request(method + " " + path + " HTTP/1.1",
                List.of("Host: localhost", "Content-Type: application/json", "Content-Length: " + body.length), body),
                false);
    }

    /** POST /v1/events (or /v1/orders) with a Content-Encoding and a body that is not a good batch once inflated. */
    Case compressedBody() {
        Category c = Category.COMPRESSED_BODY;
        return switch (r.nextInt(8)) {
            case 0 -> gzipEvents("bomb of zeros", 413, new byte[(int) RunningIngress.MAX_BODY_BYTES + 1 + r.nextInt(4 << 20)]);
            case 1 -> gzipEvents("bomb of empty arrays", 0, repeat("[],", 600_000 + r.nextInt(400_000)));
            case 2 -> gzipEvents("bomb of one long string", 0, utf8("[{\"session_id\":\"" + "s".repeat(2 << 20) + "\"}]"));
            case 3 -> gzipEvents("inflates to broken JSON", 400, utf8("[{\"session_id\":\"s-1\",\"event_type\":"));
            case 4 -> {
                byte[] gzip = gzip(utf8("[{\"session_id\":\"s-1\",\"event_type\":\"view\",\"event_action\":\"x\"}]"));
                yield http(c, "truncated gzip", 400, "POST", EVENTS, () -> Arrays.copyOf(gzip,
                        1 + r.nextInt(gzip.length - 1)), false, null, "Content-Type", "application/json",
                        "Content-Encoding", "gzip");
            }
            case 5 -> http(c, "plain body said to be gzip", 400, "POST", EVENTS,
                    () -> utf8("[{\"session_id\":\"s-1\"}]"), false, null, "Content-Type", "application/json",
                    "Content-Encoding", "gzip");
            case 6 -> gzipEvents("gzip of gzip", 0, gzip(utf8("[{\"session_id\":\"s-1\",\"event_type\":\"v\"}]")));
            default -> {
                byte[] order = gzip(utf8(MalformedRequests.validOrder("u-1", "sku-1", 1)));
                yield http(c, "gzip order", 415, "POST", MalformedRequests.PATH, () -> order, false, null,
                        "Content-Type", "application/json", "Content-Encoding", r.nextBoolean() ? "gzip" : "br");
            }
        };
    }

    /** Headers too large, too many, or repeated with different meanings, on an order or an event batch. */
    Case hostileHeaders() {
        Category c = Category.HOSTILE_HEADERS;
        byte[] invalidOrder = utf8("{\"user_id\":\"u-1\",\"item_id\":\"sku-1\"}");
        List<String> headers = new ArrayList<>(List.of("Host: localhost", "Content-Type: application/json",
                "Content-Length: " + invalidOrder.length));
        String line = "POST " + MalformedRequests.PATH + " HTTP/1.1";
        return switch (r.nextInt(6)) {
            case 0 -> {
                headers.add("X-Padding: " + "a".repeat(16 << 10 + r.nextInt(4)));
                yield raw(c, "one header of 16-128 KiB", 0, request(line, headers, invalidOrder), false);
            }
            case 1 -> {
                for (int i = 0; i < 200 + r.nextInt(2_000); i++) {
                    headers.add("X-H" + i + ": " + i);
                }
                yield raw(c, "hundreds of headers", 0, request(line, headers, invalidOrder), false);
            }
            case 2 -> {
                headers.add("Content-Type: text/plain");
                yield raw(c, "two Content-Types", 0, request(line, headers, invalidOrder), false);
            }
            case 3 -> {
                headers.add("Idempotency-Key: a");
                headers.add("Idempotency-Key: b");
                yield raw(c, "two Idempotency-Keys", 0, request(line, headers, invalidOrder), false);
            }
            case 4 -> {
                headers.add("X-API-Key: " + "surge_x_" + "k".repeat(r.nextInt(8_000)));
                headers.add("Authorization: Bearer " + "t".repeat(r.nextInt(8_000)));
                yield raw(c, "huge credentials", 0, request(line, headers, invalidOrder), false);
            }
            default -> {
                headers.add("X-Correlation-ID: " + "c".repeat(129 + r.nextInt(8_000)));
                headers.add("Idempotency-Key: " + "i".repeat(256 + r.nextInt(8_000)));
                yield raw(c, "over-long ids", 0, request(line, headers, invalidOrder), false);
            }
        };
    }

    private Case gzipEvents(String kind, int expected, byte[] inflated) {
        byte[] body = gzip(inflated);
        return http(Category.COMPRESSED_BODY, kind, expected, "POST", EVENTS, () -> body, r.nextInt(4) == 0,
                kind + " (" + body.length + " bytes of gzip, " + inflated.length + " inflated)",
                "Content-Type", "application/json", "Content-Encoding", "gzip");
    }

    private static byte[] repeat(String text, int times) {
        return ("[" + text.repeat(times) + "[]]").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
