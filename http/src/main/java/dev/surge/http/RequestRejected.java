package dev.surge.http;

import dev.surge.schemas.ApiError;
import dev.surge.schemas.FieldError;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request a route refuses, with everything its error response needs. Thrown by handlers and
 * turned into a response by {@link ApiHandler}; it is an answer, not a fault, so it has no stack trace.
 */
public final class RequestRejected extends Exception {

    /** Seconds a client should wait before retrying a request refused for want of the broker. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final Status status;
    private final String error;
    private final List<FieldError> details;
    private final Map<HeaderName, String> headers;

    public RequestRejected(Status status, String error, String message, List<FieldError> details,
                           Map<HeaderName, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public static RequestRejected invalid(List<FieldError> details) {
        return new RequestRejected(Status.BAD_REQUEST_400, "invalid_request",
                "the request has invalid fields", details, Map.of());
    }

    /** One query or path parameter the request cannot be answered with, named in the message and in details. */
    public static RequestRejected invalidParameter(String parameter, String problem) {
        return new RequestRejected(Status.BAD_REQUEST_400, "invalid_request", parameter + ": " + problem,
                List.of(new FieldError(parameter, problem)), Map.of());
    }

    public static RequestRejected notFound(String message) {
        return new RequestRejected(Status.NOT_FOUND_404, "not_found", message, List.of(), Map.of());
    }

    public static RequestRejected invalidJson(List<FieldError> details) {
        return new RequestRejected(Status.BAD_REQUEST_400, "invalid_json",
                "the body is not a JSON document", details, Map.of());
    }

    public static RequestRejected unreadableBody() {
        return new RequestRejected(Status.BAD_REQUEST_400, "invalid_body",
                "the body could not be read: cut short or badly framed", List.of(),
                Map.of(HeaderNames.CONNECTION, "close"));
    }

    /** The body is well framed but cannot be decoded, e.g. broken gzip; the connection is still sound. */
    public static RequestRejected invalidBody(String message) {
        return new RequestRejected(Status.BAD_REQUEST_400, "invalid_body", message, List.of(), Map.of());
    }

    public static RequestRejected tooLarge(long maxBytes) {
        return new RequestRejected(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                "the body is larger than " + maxBytes + " bytes", List.of(), Map.of());
    }

    /** A compressed body that inflates past the limit: the limit is on what we hold, not on what was sent. */
    public static RequestRejected tooLargeInflated(long maxBytes) {
        return new RequestRejected(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                "the body is larger than " + maxBytes + " bytes once decompressed", List.of(), Map.of());
    }

    public static RequestRejected tooManyEvents(int maxBatch) {
        return new RequestRejected(Status.REQUEST_ENTITY_TOO_LARGE_413, "too_many_events",
                "a batch holds at most " + maxBatch + " events", List.of(), Map.of());
    }

    public static RequestRejected unsupportedMediaType() {
        return unsupportedMediaType("the body must be sent as Content-Type: application/json (UTF-8)");
    }

    public static RequestRejected unsupportedMediaType(String message) {
        return new RequestRejected(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", message, List.of(),
                Map.of());
    }

    /** A Content-Encoding we cannot decode; Accept-Encoding lists those we can (RFC 9110, 12.5.3). */
    public static RequestRejected unsupportedEncoding(List<String> supported) {
        String codings = String.join(", ", supported);
        return new RequestRejected(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                "the body must be sent with Content-Encoding: " + String.join(" or ", supported) + " (or none)",
                List.of(), Map.of(HeaderNames.ACCEPT_ENCODING, codings));
    }

    public static RequestRejected methodNotAllowed(Method... allowed) {
        String allow = Arrays.stream(allowed).map(Method::text).collect(Collectors.joining(", "));
        return new RequestRejected(Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                "this path accepts " + allow, List.of(), Map.of(HeaderNames.ALLOW, allow));
    }

    public static RequestRejected unavailable(String message) {
        return unavailable(message, RETRY_AFTER_SECONDS);
    }

    public static RequestRejected unavailable(String message, long retryAfterSeconds) {
        return new RequestRejected(Status.SERVICE_UNAVAILABLE_503, "unavailable", message, List.of(),
                Map.of(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds))));
    }

    /** The server is shutting down; another instance (or this one, restarted) will take the retry. */
    public static RequestRejected shuttingDown() {
        return new RequestRejected(Status.SERVICE_UNAVAILABLE_503, "shutting_down",
                "this instance is shutting down; retry", List.of(),
                Map.of(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)));
    }

    /** No key, or not one we know: the same answer for both, so a caller learns nothing about ids. */
    public static RequestRejected unauthorized() {
        return new RequestRejected(Status.UNAUTHORIZED_401, "unauthorized",
                "a valid API key is required (X-API-Key or Authorization: Bearer)", List.of(),
                Map.of(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"surge\""));
    }

    public static RequestRejected forbidden(String scope) {
        return new RequestRejected(Status.FORBIDDEN_403, "forbidden",
                "this API key lacks the '" + scope + "' scope", List.of(), Map.of());
    }

    /** @param headers the RateLimit-* headers, which a refusal carries as an acceptance does */
    public static RequestRejected tooManyRequests(long retryAfterSeconds, Map<HeaderName, String> headers) {
        Map<HeaderName, String> all = new HashMap<>(headers);
        all.put(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        return new RequestRejected(Status.TOO_MANY_REQUESTS_429, "rate_limited",
                "too many requests; retry after " + Math.max(1, retryAfterSeconds) + " s", List.of(), all);
    }

    /**
     * The request cannot be carried out on the resource as it stands now (RFC 9110, 15.5.10);
     * {@code details} say what stands in the way, e.g. the resource's current status.
     */
    public static RequestRejected conflict(String error, String message, List<FieldError> details) {
        return new RequestRejected(Status.CONFLICT_409, error, message, details, Map.of());
    }

    public static RequestRejected idempotencyKeyInFlight(long retryAfterSeconds) {
        return new RequestRejected(Status.CONFLICT_409, "idempotency_key_in_flight",
                "a request with this Idempotency-Key is still being processed; retry shortly", List.of(),
                Map.of(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public static RequestRejected idempotencyKeyReused() {
        return new RequestRejected(Status.UNPROCESSABLE_CONTENT_422, "idempotency_key_reused",
                "this Idempotency-Key was used with a different request body", List.of(), Map.of());
    }

    /** Retry-After counts whole seconds: round up, or a client would come back too early. */
    public static long seconds(java.time.Duration duration) {
        return (Math.max(0, duration.toMillis()) + 999) / 1000;
    }

    public Status status() {
        return status;
    }

    public Map<HeaderName, String> headers() {
        return headers;
    }

    public ApiError toError(String correlationId) {
        return new ApiError(error, getMessage(), details, correlationId);
    }
}
