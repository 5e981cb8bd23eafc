package dev.surge.ingress;

/** A record was not acknowledged by the broker in time: the request may be retried later. */
public class PublishFailedException extends Exception {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
