package dev.surge.ingress.redis;

import dev.surge.ingress.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Redis connection an ingress node shares across its request threads. Every call is
 * bounded by the timeout and fails with {@link StoreUnavailableException}, never an unchecked
 * exception, so the caller's fail-open/fail-closed policy always gets to decide. A node starts even
 * when Redis is down: the first connection is made lazily, at most one attempt per second; once
 * connected, lettuce reconnects by itself and rejects commands while it is disconnected.
 */
public final class RedisConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);

    /** Failed first connects are retried no more often than this, so a dead Redis costs requests nothing. */
    static final Duration CONNECT_RETRY_INTERVAL = Duration.ofSeconds(1);
    /** A connect may take longer than a command; requests never wait for it beyond their own timeout. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final RedisURI uri;
    /** Only to keep it out of what this class reports. */
    private final Optional<String> password;
    private final Duration timeout;
    private final ClientResources resources;
    private final RedisClient client;

    private final ReentrantLock lock = new ReentrantLock();
    private volatile StatefulRedisConnection<String, String> connection;
    private CompletableFuture<StatefulRedisConnection<String, String>> connecting; // guarded by lock
    private long lastAttemptNanos; // guarded by lock
    private boolean attempted; // guarded by lock
    /** Why the last connect failed, in Redis's or the network's words (WRONGPASS...), for the attempts it holds back. */
    private volatile String lastConnectFailure = "";
    private volatile boolean closed;

    private RedisConnection(RedisURI uri, Optional<String> password, Duration timeout) {
        this.uri = uri;
        this.password = password;
        this.timeout = timeout;
        // Sustained outages back off to 1 s, not lettuce's 30 s, so a restarted Redis is used again quickly.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), CONNECT_RETRY_INTERVAL, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build());
    }

    /**
     * Returns even when Redis cannot be reached (the node then runs degraded until it can). Waits for
     * the first connection a little longer than a command would, since startup is not on a request's clock.
     *
     * @throws IllegalArgumentException for a malformed URL
     */
    public static RedisConnection open(String url, Duration timeout) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            // Not lettuce's message: it may quote the URL, password and all.
            throw new IllegalArgumentException("setting REDIS_URL: not a Redis URL; expected"
                    + " redis://[[user]:password@]host[:port][/db] or rediss://... for TLS");
        }
        uri.setTimeout(timeout);
        RedisConnection redis = new RedisConnection(uri, password(url), timeout);
        try {
            redis.connection(max(timeout, CONNECT_TIMEOUT));
        } catch (StoreUnavailableException e) {
            log.warn("Redis at {} is not reachable yet; running degraded until it is: {}", redis.where(), e.getMessage());
        }
        return redis;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Runs one or a few commands on the shared connection; lettuce's failures become {@link StoreUnavailableException}. */
    public <T> T call(String what, Function<RedisCommands<String, String>, T> commands) throws StoreUnavailableException {
        StatefulRedisConnection<String, String> live = connection(timeout);
        try {
            return commands.apply(live.sync());
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Redis " + what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a script by its SHA; when Redis answers NOSCRIPT (it restarted or flushed its cache) the
     * text is sent once with EVAL, which also caches it again.
     */
    public <T> T eval(Script script, ScriptOutputType output, String[] keys, String... args) throws StoreUnavailableException {
        return call(script.name(), commands -> {
            try {
                return commands.<T>evalsha(script.sha1(), output, keys, args);
            } catch (RedisNoScriptException e) {
                return commands.<T>eval(script.source(), output, keys, args);
            }
        });
    }

    /** True when Redis answered PING within the timeout; never throws, for health checks. */
    public boolean ping() {
        return problem().isEmpty();
    }

    /**
     * Empty when Redis answered PING within the timeout; else why not, in Redis's or the network's
     * words (a refused password says WRONGPASS), without the URL's credentials. Never throws.
     */
    public Optional<String> problem() {
        try {
            String answer = call("PING", RedisCommands::ping);
            return "PONG".equals(answer) ? Optional.empty() : Optional.of("PING answered " + answer);
        } catch (StoreUnavailableException e) {
            return Optional.of(e.getCause() == null ? withoutSecret(e.getMessage()) : reason(e));
        }
    }

    /** The innermost cause's words: lettuce wraps what Redis said (WRONGPASS, NOAUTH) in its own. */
    private String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return withoutSecret(String.valueOf(root.getMessage()));
    }

    /** Neither Redis nor lettuce is known to echo the password; this makes sure of it. */
    private String withoutSecret(String text) {
        return password.isEmpty() ? text : text.replace(password.get(), "****");
    }

    /** The password of a redis://[user]:password@host URL, as written and decoded. */
    private static Optional<String> password(String url) {
        String userInfo;
        try {
            userInfo = java.net.URI.create(url).getUserInfo();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        return colon < 0 ? Optional.ofNullable(userInfo).filter(s -> !s.isEmpty())
                : Optional.of(userInfo.substring(colon + 1)).filter(s -> !s.isEmpty());
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        StatefulRedisConnection<String, String> live = connection;
        try {
            if (live != null) {
                live.closeAsync().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Redis connection did not close cleanly", e);
        } finally {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis());
        }
    }

    private StatefulRedisConnection<String, String> connection(Duration wait) throws StoreUnavailableException {
        StatefulRedisConnection<String, String> live = connection;
        if (live != null) {
            return live;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> attempt = startOrJoinConnect();
        try {
            return attempt.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("Redis at " + where() + " did not accept a connection within " + wait, e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException("Redis at " + where() + " is unreachable: "
                    + withoutSecret(String.valueOf(e.getCause().getMessage())), e.getCause());
        } catch (CancellationException e) {
            throw new StoreUnavailableException("Connecting to Redis at " + where() + " was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while connecting to Redis", e);
        }
    }

    /** One attempt at a time, no more than one per interval; callers in between fail at once. */
    private CompletableFuture<StatefulRedisConnection<String, String>> startOrJoinConnect() throws StoreUnavailableException {
        lock.lock();
        try {
            if (closed) {
                throw new StoreUnavailableException("Redis connection is closed", null);
            }
            if (connection != null) {
                return CompletableFuture.completedFuture(connection);
            }
            if (connecting != null) {
                return connecting;
            }
            long now = System.nanoTime();
            if (attempted && now - lastAttemptNanos < CONNECT_RETRY_INTERVAL.toNanos()) {
                throw new StoreUnavailableException("Redis at " + where() + " is unreachable (" + lastConnectFailure
                        + "); not retrying yet", null);
            }
            attempted = true;
            lastAttemptNanos = now;
            CompletableFuture<StatefulRedisConnection<String, String>> attempt =
                    client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
            connecting = attempt;
            attempt.whenComplete(this::connected);
            return attempt;
        } finally {
            lock.unlock();
        }
    }

    private void connected(StatefulRedisConnection<String, String> live, Throwable failure) {
        lock.lock();
        try {
            connecting = null;
            if (live == null) {
                lastConnectFailure = reason(failure);
                log.warn("Connecting to Redis at {} failed: {}", where(), lastConnectFailure);
            } else if (closed) {
                live.closeAsync();
            } else {
                connection = live;
                log.info("Connected to Redis at {}", where());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Host and port only: the URL may carry a password. */
    private String where() {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A Lua script from the classpath ({@code /redis/<name>}) and the SHA-1 Redis knows it by. */
    public record Script(String name, String source, String sha1) {

        public static Script load(String name) {
            String resource = "/redis/" + name;
            try (InputStream in = RedisConnection.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Missing classpath resource " + resource);
                }
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(name, source, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + resource, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every JVM", e);
            }
        }
    }
}
