package dev.surge.query.stream;

/** Why the server ends a stream; sent as the {@code end} event, the last thing a stream carries. */
public enum EndReason {
    /** The order has its final status: nothing more will come. */
    FINAL("final", "the order's status is final"),
    /** The instance drains for shutdown: reconnect (another instance will do) with Last-Event-ID. */
    SHUTTING_DOWN("shutting_down", "this instance is shutting down; reconnect with Last-Event-ID to resume"),
    /** The client read slower than changes came and its queue filled up. */
    TOO_SLOW("too_slow", "the client did not keep up with the changes; reconnect with Last-Event-ID to resume"),
    /** The change feed broke (Kafka unreachable, say). */
    UNAVAILABLE("unavailable", "the change feed of this instance failed; reconnect with Last-Event-ID to resume");

    private final String code;
    private final String message;

    EndReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
