package dev.surge.config;

import dev.surge.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * All of Surge's settings, read once at start. Sources, strongest first: environment variables,
 * the properties file named by SURGE_CONFIG, defaults. A key may be written as an environment
 * name ({@code HTTP_PORT}) or dotted ({@code http.port}); both mean the same setting.
 *
 * <p>Pass-through: {@code KAFKA_<NAME>} becomes client property {@code <name>} (dots for
 * underscores) for every Kafka client; {@code STREAMS_<NAME>} goes to Kafka Streams only.
 */
public record SurgeConfig(
        Role role,
        KafkaSettings kafka,
        HttpSettings http,
        OrderSettings orders,
        StreamsSettings streams,
        IngressSettings ingress,
        EventSettings events,
        MonitoringSettings monitoring,
        SseSettings sse) {

    /** Where Surge's Kafka is. {@code bootstrapServers} empty = start an embedded broker. */
    public record KafkaSettings(
            Optional<String> bootstrapServers,
            int embeddedPort,
            Path embeddedDataDir,
            String topicPrefix,
            int partitions,
            short replicationFactor,
            Duration produceTimeout,
            Map<String, String> clientOverrides) {
    }

    /**
     * The HTTP server of every role: where it listens, its limits, who may call it, how long a shutdown
     * drains. {@code authDisabled}: the operator runs without API keys on purpose (AUTH_DISABLED).
     * {@code maxConnections} and {@code maxConcurrentRequests} bound what clients can hold open at
     * once (long polls and live streams included). {@code cors}: the pages of which other origins may
     * send analytics events (CORS_ORIGINS). {@code managementPort} (MANAGEMENT_PORT): where /metrics and
     * detailed /health are served, on the same host, apart from the API; empty = on the API port.
     * {@code tls}: HTTPS, for clients and between instances; empty = plain HTTP.
     */
    public record HttpSettings(String host, int port, long maxBodyBytes, Duration maxWait, AuthSettings auth,
                               Duration drainTimeout, boolean authDisabled, int maxConnections,
                               int maxConcurrentRequests, CorsSettings cors, OptionalInt managementPort,
                               Optional<TlsSettings> tls) {

        /** Plain HTTP, no other origins, no management port. */
        public HttpSettings(String host, int port, long maxBodyBytes, Duration maxWait, AuthSettings auth,
                            Duration drainTimeout, boolean authDisabled, int maxConnections,
                            int maxConcurrentRequests) {
            this(host, port, maxBodyBytes, maxWait, auth, drainTimeout, authDisabled, maxConnections,
                    maxConcurrentRequests, CorsSettings.NONE, OptionalInt.empty(), Optional.empty());
        }

        /** {@code https} with TLS on, else {@code http}. */
        public String scheme() {
            return tls.isPresent() ? "https" : "http";
        }
    }

    /**
     * @param perUserPeriod the UTC-aligned periods PER_USER_LIMIT counts in: a user's units of an
     *                      item count from the start of one until the next, and are then forgotten
     * @param reservationTtl how long a RESERVED order holds its units unless confirmed (0: until
     *                      confirmed or cancelled)
     * @param waitlistTtl   how long a WAITLISTED order waits in line before it is SOLD_OUT
     * @param waitlistMaxPerItem the longest an item's line may grow; a sold-out order beyond it is SOLD_OUT
     */
    public record OrderSettings(int maxQuantity, Duration dedupWindow, int perUserLimit, Duration perUserPeriod,
                                Duration reservationTtl, Duration waitlistTtl, int waitlistMaxPerItem) {

        public boolean perUserLimitEnabled() {
            return perUserLimit > 0;
        }

        /** RESERVATION_TTL 0: a reservation holds its units until confirmed or cancelled. */
        public boolean reservationsExpire() {
            return !reservationTtl.isZero();
        }

        /** WAITLIST_MAX_PER_ITEM 0: no line; a sold-out order is SOLD_OUT even when it asked to wait. */
        public boolean waitlistEnabled() {
            return waitlistMaxPerItem > 0;
        }
    }

    /**
     * @param standbyReplicas warm copies of each store on other instances: reads and take-over after a
     *                        crash need no restore from the changelog
     * @param groupProtocol   {@code classic} or {@code streams} (KIP-1071, the broker-side Streams rebalance)
     * @param sessionTimeout  how long the group waits for a silent member (one killed, not stopped)
     *                        before its partitions go to the others; classic protocol only
     * @param traceRetention  how long what became of each correlated record is kept for GET /v1/trace;
     *                        zero: not traced
     */
    public record StreamsSettings(
            String applicationId,
            Optional<String> applicationServer,
            Path stateDir,
            String processingGuarantee,
            Duration commitInterval,
            int threads,
            int standbyReplicas,
            String groupProtocol,
            Duration sessionTimeout,
            Map<String, String> overrides,
            Duration traceRetention) {

        public boolean tracing() {
            return !traceRetention.isZero();
        }
    }

    /** Surge's topics, named with this configuration's prefix. */
    public Topics topics() {
        return Topics.withPrefix(kafka.topicPrefix());
    }

    /** This instance's host:port as other instances reach it: APPLICATION_SERVER, else localhost:HTTP_PORT. */
    public String applicationServer() {
        return streams.applicationServer().orElse("localhost:" + http.port());
    }

    public SurgeConfig withRole(Role newRole) {
        return new SurgeConfig(newRole, kafka, http, orders, streams, ingress, events, monitoring, sse);
    }

    public SurgeConfig withHttpPort(int port) {
        return new SurgeConfig(role, kafka, new HttpSettings(http.host(), port, http.maxBodyBytes(), http.maxWait(), http.auth(),
                http.drainTimeout(), http.authDisabled(), http.maxConnections(), http.maxConcurrentRequests(),
                http.cors(), http.managementPort(), http.tls()),
                orders, streams, ingress, events, monitoring, sse);
    }

    /** The partition count the topics really have, which may differ from TOPIC_PARTITIONS when they pre-existed. */
    public SurgeConfig withPartitions(int partitions) {
        return new SurgeConfig(role, new KafkaSettings(kafka.bootstrapServers(), kafka.embeddedPort(),
                kafka.embeddedDataDir(), kafka.topicPrefix(), partitions, kafka.replicationFactor(),
                kafka.produceTimeout(), kafka.clientOverrides()), http, orders, streams, ingress, events, monitoring, sse);
    }

    /** Environment variables of Kafka's own scripts that look like KAFKA_* settings but are not client properties. */
    private static final Set<String> NOT_CLIENT_SETTINGS = Set.of("KAFKA_HOME", "KAFKA_OPTS",
            "KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS",
            "KAFKA_DEBUG", "KAFKA_LOG_DIR", "KAFKA_VERSION", "KAFKA_CLUSTER_ID");

    /** Every key Surge itself reads, with its default; the README's configuration table mirrors this. */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        d.put("ROLE", "all");
        d.put("KAFKA_BOOTSTRAP_SERVERS", "");
        d.put("EMBEDDED_KAFKA_PORT", "9092");
        d.put("EMBEDDED_KAFKA_DATA_DIR", "");
        d.put("TOPIC_PREFIX", "");
        d.put("TOPIC_PARTITIONS", "6");
        d.put("TOPIC_REPLICATION_FACTOR", "1");
        d.put("PRODUCE_TIMEOUT", "5s");
        d.put("HTTP_HOST", "0.0.0.0");
        d.put("HTTP_PORT", "8080");
        d.put("HTTP_MAX_BODY_BYTES", Long.toString(1024 * 1024));
        d.put("HTTP_MAX_WAIT", "30s");
        d.put("HTTP_MAX_CONNECTIONS", "10000");
        d.put("HTTP_MAX_CONCURRENT_REQUESTS", "2000");
        d.put("MANAGEMENT_PORT", "");
        d.put("HTTP_TLS_CERT", "");
        d.put("HTTP_TLS_KEY", "");
        d.put("HTTP_TLS_TRUST", "");
        d.put("ORDER_MAX_QUANTITY", "10");
        d.put("DEDUP_WINDOW", "24h");
        d.put("PER_USER_LIMIT", "0");
        d.put("PER_USER_LIMIT_PERIOD", "7d");
        d.put("RESERVATION_TTL", "10m");
        d.put("WAITLIST_TTL", "30m");
        d.put("WAITLIST_MAX_PER_ITEM", "10000");
        d.put("APPLICATION_ID", "surge");
        d.put("APPLICATION_SERVER", "");
        d.put("STATE_DIR", "");
        d.put("PROCESSING_GUARANTEE", "exactly_once_v2");
        d.put("COMMIT_INTERVAL", "100ms");
        d.put("STREAM_THREADS", "2");
        d.put("STANDBY_REPLICAS", "1");
        d.put("GROUP_PROTOCOL", "classic");
        d.put("SESSION_TIMEOUT", "10s");
        d.put("TRACE_RETENTION", "7d");
        d.put("REDIS_URL", "");
        d.put("REDIS_TIMEOUT", "50ms");
        d.put("REDIS_FAILURE_MODE", "open");
        d.put("RATE_LIMIT_MAX_REQUESTS", "60");
        d.put("RATE_LIMIT_API_KEY_MAX_REQUESTS", "6000");
        d.put("RATE_LIMIT_IP_MAX_REQUESTS", "600");
        d.put("RATE_LIMIT_WINDOW", "1m");
        d.put("IDEMPOTENCY_TTL", "24h");
        d.put("BREAKER_FAILURE_RATE", "50");
        d.put("BREAKER_WINDOW", "20");
        d.put("BREAKER_MINIMUM_CALLS", "5");
        d.put("BREAKER_OPEN_BASE", "30s");
        d.put("BREAKER_OPEN_MAX", "300s");
        d.put("API_KEYS", "");
        d.put("AUTH_DISABLED", "false");
        d.put("AUTH_OPEN_PATHS", "/health");
        d.put("INTERNAL_TOKEN", "");
        d.put("CORS_ORIGINS", "");
        d.put("SHUTDOWN_DRAIN_TIMEOUT", "30s");
        d.put("EVENTS_DEDUP_WINDOW", "1h");
        d.put("EVENTS_GRACE", "1h");
        d.put("EVENTS_MAX_BATCH", "1000");
        d.put("EVENTS_MAX_EVENT_BYTES", "32768");
        d.put("EVENTS_MAX_FUTURE", "5m");
        d.put("EVENTS_MAX_CONCURRENT_BATCHES", "16");
        d.put("METRICS_DAILY_RETENTION", "90d");
        d.put("METRICS_HOURLY_RETENTION", "7d");
        d.put("METRICS_EMIT", "updates");
        d.put("METRICS_QUERY_MAX_DAYS", "400");
        d.put("METRICS_MAX_EVENT_TYPES", "200");
        d.put("METRICS_MAX_EVENT_ACTIONS", "1000");
        d.put("MONITOR_INTERVAL", "15s");
        d.put("LAG_GROUPS", "");
        d.put("INVENTORY_METRIC_ITEMS", "");
        d.put("INVENTORY_METRIC_TOP", "20");
        d.put("SSE_MAX_STREAMS", "1000");
        d.put("SSE_MAX_STREAMS_PER_KEY", "20");
        d.put("SSE_HEARTBEAT", "15s");
        d.put("HTTP_MAX_WAITS", "1000");
        d.put("HTTP_MAX_WAITS_PER_KEY", "50");
        return Map.copyOf(d);
    }

    /** Loads from the process environment and the file named by SURGE_CONFIG, if any. */
    public static SurgeConfig fromEnvironment() {
        return fromEnvironment(Map.of());
    }

    /**
     * As {@link #fromEnvironment()}, with {@code fallbacks} standing in for the defaults of some keys
     * (the demo runs on fresh directories, say); the environment and the file still win.
     */
    public static SurgeConfig fromEnvironment(Map<String, String> fallbacks) {
        Map<String, String> env = System.getenv();
        Map<String, String> fileOverFallbacks = new HashMap<>(fallbacks);
        Optional.ofNullable(env.get("SURGE_CONFIG"))
                .filter(s -> !s.isBlank())
                .map(s -> readProperties(Path.of(s)))
                .ifPresent(fileOverFallbacks::putAll);
        return load(env, fileOverFallbacks);
    }

    /**
     * @param env  environment variables (unknown names are ignored: the environment holds much else)
     * @param file properties-file entries (unknown names are an error: they are typos)
     */
    public static SurgeConfig load(Map<String, String> env, Map<String, String> file) {
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        Map<String, String> clientOverrides = new TreeMap<>();
        Map<String, String> streamsOverrides = new TreeMap<>();
        for (Map<String, String> source : List.of(file, env)) {
            boolean strict = source == file;
            source.forEach((rawKey, value) -> {
                String key = normalize(rawKey);
                if (DEFAULTS.containsKey(key)) {
                    merged.put(key, value.trim());
                } else if (!strict && NOT_CLIENT_SETTINGS.contains(key)) {
                    return;
                } else if (key.startsWith("KAFKA_") && key.length() > 6) {
                    clientOverrides.put(clientProperty(key.substring(6)), value.trim());
                } else if (key.startsWith("STREAMS_") && key.length() > 8) {
                    streamsOverrides.put(clientProperty(key.substring(8)), value.trim());
                } else if (strict && !key.equals("SURGE_CONFIG")) {
                    throw new IllegalArgumentException("unknown setting '" + rawKey + "' in the properties file");
                }
            });
        }
        return new SettingsReader(merged).build(clientOverrides, streamsOverrides);
    }

    static String normalize(String key) {
        return key.trim().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String clientProperty(String suffix) {
        return suffix.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, String> readProperties(Path path) {
        Properties props = new Properties();
        try (java.io.Reader reader = Files.newBufferedReader(path)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read SURGE_CONFIG file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new HashMap<>();
        props.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }
}
