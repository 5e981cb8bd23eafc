package dev.surge.ingress;

/**
 * The edge store (Redis) did not answer in time or at all. The caller decides what that means for
 * the request: let it through (fail open) or refuse it with a 503 (fail closed). Never a 500.
 */
public final class StoreUnavailableException extends Exception {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
