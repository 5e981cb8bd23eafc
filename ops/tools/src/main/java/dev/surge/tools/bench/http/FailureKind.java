package dev.surge.tools.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/** The kind of a request that failed without an HTTP status, as the report counts it. */
final class FailureKind {

    static final String TIMEOUT = "timeout";
    static final String IO = "io";

    private FailureKind() {
    }

    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return TIMEOUT;
            }
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            return IO;
        }
        // Anything else is a bug or an answer the scenario could not read: name it.
        return failure.getClass().getSimpleName();
    }
}
