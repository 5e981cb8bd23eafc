package dev.surge.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.TlsSettings;
import dev.surge.http.tls.TestAuthority;
import dev.surge.http.tls.TransportTls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client instances call each other with, against a real Helidon serving HTTPS with a
 * certificate for {@code localhost} only: it talks to a server its CA vouches for under the name
 * it called, and to nothing else.
 */
class HttpConnectionTlsTest {

    @TempDir
    static Path dir;
    @TempDir
    static Path otherDir;
    static TestAuthority authority;
    static TransportTls tls;
    static WebServer server;

    @BeforeAll
    static void start() {
        authority = TestAuthority.create(dir, "Surge Test CA");
        TestAuthority.Issued issued = authority.issue("localhost", "dns:localhost");
        tls = TransportTls.load(new TlsSettings(issued.certificate(), issued.privateKey(),
                Optional.of(authority.caCertificate())));
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).tls(tls.server())
                .routing(HttpRouting.builder().get("/hello", (req, res) -> res.send("hello")))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void talksToAServerItsAuthorityVouchesForUnderTheNameItCalled() throws Exception {
        try (HttpConnection connection = new HttpConnection(URI.create("https://localhost:" + server.port()),
                Duration.ofSeconds(5), tls.peers())) {
            HttpConnection.Answer answer = connection.send("GET", "/hello", null);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHostItCalled() {
        // The certificate names localhost; 127.0.0.1 is the same socket but not the same name.
        try (HttpConnection connection = new HttpConnection(URI.create("https://127.0.0.1:" + server.port()),
                Duration.ofSeconds(5), tls.peers())) {
            assertThatThrownBy(() -> connection.send("GET", "/hello", null))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void refusesAServerAnotherAuthorityVouchesFor() {
        TestAuthority stranger = TestAuthority.create(otherDir, "Other CA");
        try (HttpConnection connection = new HttpConnection(URI.create("https://localhost:" + server.port()),
                Duration.ofSeconds(5), stranger.clientContext())) {
            assertThatThrownBy(() -> connection.send("GET", "/hello", null)).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aPlainRequestToTheTlsPortGetsNoAnswer() {
        try (HttpConnection connection = new HttpConnection(URI.create("http://localhost:" + server.port()),
                Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> connection.send("GET", "/hello", null)).isInstanceOf(IOException.class);
        }
    }
}
