package dev.surge.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The small client against a server that answers from a script, for what Helidon does not do:
 * chunked and close-delimited answers, idle connections closed, answers that never come.
 * (HttpConnectionHeadersTest and the bench's BareHttpServerTest cover a real Helidon.)
 */
class HttpConnectionTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;

    /**
     * Accepts connections; answers each request with the next of {@code answers} (raw bytes, the
     * last one repeated); "" closes without answering, and so does "Connection: close" after answering.
     */
    private URI serve(String... answers) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger next = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> answer(socket, answers, next));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void answer(Socket socket, String[] answers, AtomicInteger next) {
        try (socket; BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1))) {
            OutputStream out = socket.getOutputStream();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                requests.add(line);
                int length = 0;
                for (String header = reader.readLine(); !header.isEmpty(); header = reader.readLine()) {
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                reader.skip(length);
                String answer = answers[Math.min(next.getAndIncrement(), answers.length - 1)];
                if (answer.isEmpty()) {
                    return;
                }
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.contains("Connection: close")) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void readsLengthDelimitedAndChunkedAnswersOnOneConnection() throws Exception {
        URI base = serve("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n",
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
        try (HttpConnection connection = new HttpConnection(base, Duration.ofSeconds(5))) {
            HttpConnection.Answer first = connection.send("POST", "/v1/orders", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(first.status()).isEqualTo(202);
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            HttpConnection.Answer second = connection.send("GET", "/v1/inventory/a", null);
            assertThat(second.status()).isEqualTo(200);
            assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("abcde");
            assertThat(connection.send("GET", "/v1/orders/x?wait=1s", null).status()).isEqualTo(404);
        }
        assertThat(requests).containsExactly("POST /v1/orders HTTP/1.1", "GET /v1/inventory/a HTTP/1.1",
                "GET /v1/orders/x?wait=1s HTTP/1.1");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void anAnswerWithoutALengthEndsWithTheConnectionAndTheNextRequestOpensANewOne() throws Exception {
        URI base = serve("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", "");
        try (HttpConnection connection = new HttpConnection(base, Duration.ofSeconds(5))) {
            HttpConnection.Answer answer = connection.send("GET", "/a", null);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("until the end");
            // A new connection, which the server closes without answering: on a new connection that is a failure.
            assertThatThrownBy(() -> connection.send("GET", "/b", null)).isInstanceOf(IOException.class);
        }
        assertThat(connections.get()).isEqualTo(2);
        assertThat(requests).containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1");
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedOnce() throws Exception {
        URI base = serve("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (HttpConnection connection = new HttpConnection(base, Duration.ofSeconds(5))) {
            assertThat(connection.send("GET", "/a", null).status()).isEqualTo(200);
            assertThat(connection.send("GET", "/b", null).status()).isEqualTo(200);
        }
        assertThat(connections.get()).isEqualTo(2);
        assertThat(requests).containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1", "GET /b HTTP/1.1");
    }

    @Test
    void theBaseUrlsPathPrefixesEveryRequest() throws Exception {
        URI base = URI.create(serve("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") + "/surge/");
        try (HttpConnection connection = new HttpConnection(base, Duration.ofSeconds(5))) {
            assertThat(connection.send("GET", "/v1/inventory/a", null).status()).isEqualTo(200);
        }
        assertThat(requests).containsExactly("GET /surge/v1/inventory/a HTTP/1.1");
    }

    @Test
    void anAnswerThatDoesNotComeIsATimeout() throws Exception {
        URI base = serve("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        try (HttpConnection connection = new HttpConnection(base, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> connection.send("GET", "/slow", null)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aPoolOfOneServesThreadsInTurnOnOneConnection() throws Exception {
        URI base = serve("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (HttpConnectionPool pool = new HttpConnectionPool(base, 1, Duration.ofSeconds(5));
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(callers.submit(() -> pool.send("GET", "/a", null).status()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        }
        assertThat(requests).hasSize(8);
        assertThat(connections.get()).isEqualTo(1);
    }
}
