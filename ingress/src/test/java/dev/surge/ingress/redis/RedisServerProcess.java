package dev.surge.ingress.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests: no persistence, loopback only, its own temp dir and free
 * port. It can be stopped and started again on the same port, or paused, to play a Redis that died,
 * restarted or got slow. The process is also destroyed when the JVM exits.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = new RedisServerProcess()) {
 *     RedisConnection connection = RedisConnection.open(redis.url(), Duration.ofMillis(50));
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/sbin/redis-server"));
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "redis-server-reaper"));
    }

    private final Path executable;
    private final Path dir;
    /** Null: no AUTH required. */
    private final String password;
    private int port;
    private Process process;

    /** Starts a server on a free port. */
    public RedisServerProcess() {
        this(null);
    }

    /**
     * Starts a server on a free port that requires {@code password} of its default user
     * ({@code --requirepass}); {@link #command} authenticates with it.
     */
    public RedisServerProcess(String password) {
        this.password = password;
        this.executable = findExecutable();
        try {
            this.dir = Files.createTempDirectory("surge-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The free port can be taken between probing and binding; another port then does.
        for (int attempt = 1; ; attempt++) {
            this.port = freePort();
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public synchronized String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The URL with credentials: {@code :password} for the default user, {@code user:password} for an ACL user. */
    public synchronized String url(String userInfo) {
        return "redis://" + userInfo + "@127.0.0.1:" + port;
    }

    public synchronized int port() {
        return port;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again) on the same port; empty, as after a crash without persistence. */
    public synchronized void start() {
        if (running()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "no",
                "--daemonize", "no",
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + executable, e);
        }
        RUNNING.add(process);
        awaitReady();
    }

    /** Kills the server, as a crash would, and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping redis-server", e);
        }
        RUNNING.remove(process);
        process = null;
    }

    /** Holds every client command for {@code duration} (CLIENT PAUSE), like a Redis that stalls. */
    public void pause(Duration duration) {
        command("CLIENT", "PAUSE", Long.toString(duration.toMillis()));
    }

    public void flushAll() {
        command("FLUSHALL");
    }

    /**
     * Sends one command on a fresh connection and returns the first line of the reply, with its
     * RESP type marker ({@code +OK}, {@code :1}, {@code -ERR ...}); enough for test plumbing.
     */
    public String command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            socket.setSoTimeout(2_000);
            StringBuilder request = new StringBuilder();
            if (password != null) {
                resp(request, "AUTH", password);
            }
            resp(request, args);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (password != null && !"+OK".equals(in.readLine())) {
                throw new IOException("AUTH refused");
            }
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("no reply");
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + port + " did not answer " + String.join(" ", args), e);
        }
    }

    private static void resp(StringBuilder request, String... args) {
        request.append('*').append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp dir is harmless.
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        List<String> failures = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port + ":\n" + log());
            }
            try {
                if (command("PING").equals("+PONG")) {
                    return;
                }
            } catch (UncheckedIOException e) {
                failures.add(e.getCause().getMessage());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + STARTUP_TIMEOUT
                + " (last error: " + (failures.isEmpty() ? "none" : failures.getLast()) + "):\n" + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path findExecutable() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "redis-server"));
        return Stream.concat(onPath, CANDIDATES.stream())
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "redis-server is not installed (looked on PATH, in /usr/bin and /usr/sbin). "
                                + "The Redis tests need a real one: `./surge test` installs it via apt "
                                + "(or run `sudo apt-get install redis-server`)."));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
