package dev.surge.http.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.net.ssl.SSLContext;

/**
 * {@link HttpConnection}s shared by many threads: a request takes one for as long as it runs,
 * waiting when all are busy, so that at most {@code connections} are open at once.
 */
public final class HttpConnectionPool implements AutoCloseable {

    private final BlockingQueue<HttpConnection> idle;

    /** Connections open on their first request. */
    public HttpConnectionPool(URI base, int connections, Duration timeout) {
        this(base, connections, timeout, null);
    }

    /** As above; an https base trusts what {@code tls} trusts (null: the JVM's default CAs). */
    public HttpConnectionPool(URI base, int connections, Duration timeout, SSLContext tls) {
        idle = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            idle.add(new HttpConnection(base, timeout, tls));
        }
    }

    /** As {@link HttpConnection#send(String, String, byte[])}, on the next idle connection. */
    public HttpConnection.Answer send(String method, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, Map.of(), body);
    }

    /** As {@link HttpConnection#send(String, String, Map, byte[])}, on the next idle connection. */
    public HttpConnection.Answer send(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpConnection connection = idle.take();
        try {
            return connection.send(method, pathAndQuery, headers, body);
        } finally {
            idle.add(connection);
        }
    }

    /** Closes the idle connections; call it once every request has returned. */
    @Override
    public void close() {
        idle.forEach(HttpConnection::close);
    }
}
