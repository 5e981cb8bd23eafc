package dev.surge.ingress;

import dev.surge.schemas.ApiError;

import dev.surge.schemas.FieldError;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request the ingress refuses, with everything its error response needs. Thrown by handlers and
 * turned into a response by {@link ApiHandler}; it is an answer, not a fault, so it has no stack trace.
 */
public final class RequestRejected extends Exception {

    /** Seconds a client should wait before retrying a request refused for want of the broker. */
    static final int RETRY_AFTER_SECONDS = 2;

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

    public static RequestRejected invalidJson(List<FieldError> details) {
        return new RequestRejected(Status.BAD_REQUEST_400, "invalid_json",
                "the body is not a JSON document", details, Map.of());
    }

    public static RequestRejected tooLarge(long maxBytes) {
        return new RequestRejected(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                "the body is larger than " + maxBytes + " bytes", List.of(), Map.of());
    }

    public static RequestRejected unsupportedMediaType() {
        return new RequestRejected(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                "the body must be sent as Content-Type: application/json (UTF-8)", List.of(), Map.of());
    }

    public static RequestRejected methodNotAllowed(Method... allowed) {
        String allow = Arrays.stream(allowed).map(Method::text).collect(Collectors.joining(", "));
        return new RequestRejected(Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                "this path accepts " + allow, List.of(), Map.of(HeaderNames.ALLOW, allow));
    }

    public static RequestRejected unavailable(String message) {
        return new RequestRejected(Status.SERVICE_UNAVAILABLE_503, "unavailable", message, List.of(),
                Map.of(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)));
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
