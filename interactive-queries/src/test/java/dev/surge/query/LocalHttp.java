package dev.surge.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.schemas.Json;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The HTTP helpers of the tests that start a real Helidon server and call it. Each test keeps
 * its own {@link HttpClient} (their timeouts differ) and passes it in. Not named Test*: Surefire
 * would take it for a test class.
 */
public final class LocalHttp {

    private LocalHttp() {
    }

    /** 127.0.0.1, where the tests bind their servers: localhost may resolve to ::1, where nothing listens. */
    public static URI uri(WebServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public static HttpResponse<String> get(HttpClient client, WebServer server, String path) {
        return send(client, HttpRequest.newBuilder(uri(server, path)).GET().build());
    }

    /** Unchecked: a test need not declare what only a server it cannot reach would throw. */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> res) {
        return json(res.body());
    }

    /** Names the text that was not JSON, so that a plain-text error page shows in the failure. */
    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    /**
     * A port that was free a moment ago: nothing answers there (a peer that died), or a server is
     * started on it when its own address must be known before it starts.
     */
    public static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
