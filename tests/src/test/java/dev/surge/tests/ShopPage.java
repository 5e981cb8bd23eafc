package dev.surge.tests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A shop's web page on an origin of its own (a port of its own on 127.0.0.1), with the script a
 * shop would use to send events to Surge: fetch() with the key in a header and a JSON body, which
 * a browser sends only after a preflight. {@code send(url, key, body)} resolves to the answer's
 * status, body and the headers a page can read, or to the error fetch() rejected with.
 */
final class ShopPage implements AutoCloseable {

    private static final String HTML = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>shop</title></head><body>
            <script>
              async function send(url, key, body) {
                try {
                  const answer = await fetch(url, {
                    method: 'POST',
                    headers: {'Content-Type': 'application/json', 'X-API-Key': key},
                    body: body
                  });
                  return {
                    status: answer.status,
                    body: await answer.text(),
                    correlationId: answer.headers.get('X-Correlation-ID')
                  };
                } catch (e) {
                  return {error: e.name + ': ' + e.message};
                }
              }
            </script>
            </body></html>
            """;

    private final HttpServer server;

    ShopPage() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] page = HTML.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
    }

    /** As a browser writes it in the Origin header. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
