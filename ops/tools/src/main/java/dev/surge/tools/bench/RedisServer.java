package dev.surge.tools.bench;

import dev.surge.node.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A {@code redis-server} for the Redis baseline: loopback only, no persistence, a free port. */
final class RedisServer implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/redis-server"),
            Path.of("/usr/sbin/redis-server"), Path.of("/usr/local/bin/redis-server"));
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisServer start(Path dir) {
        Path executable = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("redis-server is not installed (apt-get install redis-server), "
                        + "or pass --redis redis://host:port"));
        int port = Ports.anyFree();
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            RedisServer server = new RedisServer(process, port);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new IllegalStateException("redis-server did not listen on " + port + " within " + STARTUP_TIMEOUT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
