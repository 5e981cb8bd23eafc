package dev.surge.ingress;

import dev.surge.http.RequestRejected;

/** A record was not acknowledged by the broker in time: the request may be retried later. */
public class PublishFailedException extends Exception {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The 503 for a request whose record was not queued; Retry-After says when to try again. */
    public RequestRejected refusal(String message) {
        return RequestRejected.unavailable(message);
    }
}
