package dev.surge.query.console;

import static dev.surge.query.LocalHttp.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.http.HttpErrors;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleServiceTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ConsoleFiles files = new ConsoleFiles(Map.of(
            "index.html", "<!doctype html><title>Surge</title>".getBytes(),
            "app.js", "export {};".getBytes()));
    private WebServer server;

    @BeforeEach
    void start() {
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.register(new ConsoleService(files)).error(Exception.class, HttpErrors::uncaught))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void thePageIsServedWithItsSecurityHeaders() throws Exception {
        HttpResponse<String> res = send("GET", "/console/", Map.of());

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).contains("<title>Surge</title>");
        assertThat(res.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(res.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("default-src 'none'", "script-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(res.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(res.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(res.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void aScriptHasItsTypeAndAnUnchangedOneIsNotSentAgain() throws Exception {
        HttpResponse<String> first = send("GET", "/console/app.js", Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = send("GET", "/console/app.js", Map.of("If-None-Match", etag));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void onlyTheListedFilesExist() throws Exception {
        for (String path : new String[] {"/console/other.js", "/console/ConsoleService.class", "/console/%2e%2e%2fpom.xml"}) {
            HttpResponse<String> res = send("GET", path, Map.of());
            assertThat(res.statusCode()).as(path).isEqualTo(404);
            assertThat(res.body()).as(path).contains("\"error\"");
        }
    }

    @Test
    void aBrowserAtTheRootIsSentToTheConsoleAndAnApiClientIsNot() throws Exception {
        HttpResponse<String> browser = send("GET", "/", Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        HttpResponse<String> apiClient = send("GET", "/", Map.of("Accept", "application/json"));
        HttpResponse<String> noSlash = send("GET", "/console", Map.of());

        assertThat(browser.statusCode()).isEqualTo(303);
        assertThat(browser.headers().firstValue("Location")).hasValue("/console/");
        assertThat(apiClient.statusCode()).isEqualTo(404);
        assertThat(noSlash.statusCode()).isEqualTo(303);
        assertThat(noSlash.headers().firstValue("Location")).hasValue("/console/");
    }

    @Test
    void headHasNoBodyAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> head = send("HEAD", "/console/app.js", Map.of());
        HttpResponse<String> post = send("POST", "/console/app.js", Map.of());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(server, path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(req::header);
        return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
}
