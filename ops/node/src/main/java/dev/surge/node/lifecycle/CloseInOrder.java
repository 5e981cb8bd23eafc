package dev.surge.node.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources closed in a chosen order, each even when one before it fails: a stop must reach the
 * broker and the state stores whatever the HTTP server or a client did on the way.
 */
public final class CloseInOrder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloseInOrder.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Closed after everything added so far. */
    public <T extends AutoCloseable> T last(T resource) {
        resources.addLast(resource);
        return resource;
    }

    /** Closed before everything added so far. */
    public <T extends AutoCloseable> T first(T resource) {
        resources.addFirst(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pollFirst();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
