package dev.surge.config;

import dev.surge.config.SurgeConfig.HttpSettings;
import dev.surge.config.SurgeConfig.KafkaSettings;
import dev.surge.config.SurgeConfig.OrderSettings;
import dev.surge.config.SurgeConfig.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Typed reads of {@link SurgeConfig}'s settings, with error messages that name the setting. */
record SettingsReader(Map<String, String> values) {

    SurgeConfig build(Map<String, String> clientOverrides, Map<String, String> streamsOverrides) {
        int httpPort = intIn("HTTP_PORT", 0, 65535);
        Path dataDir = path("EMBEDDED_KAFKA_DATA_DIR", Path.of("data", "kafka"));
        KafkaSettings kafka = new KafkaSettings(
                optional("KAFKA_BOOTSTRAP_SERVERS"),
                intIn("EMBEDDED_KAFKA_PORT", 0, 65535),
                dataDir,
                text("TOPIC_PREFIX"),
                intIn("TOPIC_PARTITIONS", 1, 10_000),
                (short) intIn("TOPIC_REPLICATION_FACTOR", 1, 32),
                duration("PRODUCE_TIMEOUT"),
                Map.copyOf(clientOverrides));
        HttpSettings http = new HttpSettings(text("HTTP_HOST"), httpPort,
                longIn("HTTP_MAX_BODY_BYTES", 1, Integer.MAX_VALUE), duration("HTTP_MAX_WAIT"), auth(),
                duration("SHUTDOWN_DRAIN_TIMEOUT"), flag("AUTH_DISABLED"),
                intIn("HTTP_MAX_CONNECTIONS", 1, 1_000_000), intIn("HTTP_MAX_CONCURRENT_REQUESTS", 1, 1_000_000),
                cors(), managementPort(httpPort), tls());
        if (http.authDisabled() && !http.auth().keys().isEmpty()) {
            throw invalid("AUTH_DISABLED", "contradicts API_KEYS: set one or the other");
        }
        OrderSettings orders = new OrderSettings(
                intIn("ORDER_MAX_QUANTITY", 1, 1_000_000),
                duration("DEDUP_WINDOW"),
                intIn("PER_USER_LIMIT", 0, Integer.MAX_VALUE),
                positive("PER_USER_LIMIT_PERIOD"),
                zeroOrDuration("RESERVATION_TTL"),
                positive("WAITLIST_TTL"),
                intIn("WAITLIST_MAX_PER_ITEM", 0, 10_000_000));
        String guarantee = text("PROCESSING_GUARANTEE");
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw invalid("PROCESSING_GUARANTEE", "must be exactly_once_v2 or at_least_once");
        }
        StreamsSettings streams = new StreamsSettings(
                text("APPLICATION_ID"),
                optional("APPLICATION_SERVER"),
                path("STATE_DIR", Path.of("data", "streams")),
                guarantee,
                duration("COMMIT_INTERVAL"),
                intIn("STREAM_THREADS", 1, 64),
                intIn("STANDBY_REPLICAS", 0, 16),
                groupProtocol(),
                positive("SESSION_TIMEOUT"),
                Map.copyOf(streamsOverrides),
                traceRetention());
        if (orders.dedupWindow().isNegative() || orders.dedupWindow().isZero()) {
            throw invalid("DEDUP_WINDOW", "must be positive");
        }
        return new SurgeConfig(role(), kafka, http, orders, streams, ingress(), events(), monitoring(), sse());
    }

    /** MANAGEMENT_PORT: empty = none; 0 = any free port; never the API's own port. */
    private OptionalInt managementPort(int httpPort) {
        if (optional("MANAGEMENT_PORT").isEmpty()) {
            return OptionalInt.empty();
        }
        int port = intIn("MANAGEMENT_PORT", 0, 65535);
        if (port != 0 && port == httpPort) {
            throw invalid("MANAGEMENT_PORT", "must differ from HTTP_PORT: the management port is kept apart from the API");
        }
        return OptionalInt.of(port);
    }

    /**
     * HTTP_TLS_CERT and HTTP_TLS_KEY together or neither; HTTP_TLS_TRUST only with them. Each names a
     * readable file; what is inside is read (and judged) when the node starts.
     */
    private Optional<TlsSettings> tls() {
        Optional<Path> certificate = readableFile("HTTP_TLS_CERT");
        Optional<Path> key = readableFile("HTTP_TLS_KEY");
        Optional<Path> trust = readableFile("HTTP_TLS_TRUST");
        if (certificate.isPresent() != key.isPresent()) {
            String missing = certificate.isPresent() ? "HTTP_TLS_KEY" : "HTTP_TLS_CERT";
            String given = certificate.isPresent() ? "HTTP_TLS_CERT" : "HTTP_TLS_KEY";
            throw new IllegalArgumentException("setting " + missing + " is required with " + given
                    + ": HTTPS needs the certificate and its private key (PEM files)");
        }
        if (certificate.isEmpty()) {
            if (trust.isPresent()) {
                throw new IllegalArgumentException("setting HTTP_TLS_TRUST is only used with HTTP_TLS_CERT and"
                        + " HTTP_TLS_KEY: without them HTTP is plain and nothing is checked against it");
            }
            return Optional.empty();
        }
        return Optional.of(new TlsSettings(certificate.get(), key.get(), trust));
    }

    private Optional<Path> readableFile(String key) {
        Optional<Path> file = optional(key).map(Path::of);
        if (file.isPresent() && !(Files.isRegularFile(file.get()) && Files.isReadable(file.get()))) {
            throw invalid(key, "is not a readable file");
        }
        return file;
    }

    /** A duration, or a bare 0. */
    private Duration zeroOrDuration(String key) {
        return text(key).equals("0") ? Duration.ZERO : nonNegative(key);
    }

    /** TRACE_RETENTION: a duration, 0 or "off" (nothing traced). */
    private Duration traceRetention() {
        String value = text("TRACE_RETENTION");
        return value.equalsIgnoreCase("off") || value.equals("0") ? Duration.ZERO : nonNegative("TRACE_RETENTION");
    }

    private String groupProtocol() {
        String protocol = text("GROUP_PROTOCOL");
        if (!protocol.equals("classic") && !protocol.equals("streams")) {
            throw invalid("GROUP_PROTOCOL", "must be classic or streams");
        }
        return protocol;
    }

    private IngressSettings ingress() {
        String failureMode = text("REDIS_FAILURE_MODE");
        if (!failureMode.equals("open") && !failureMode.equals("closed")) {
            throw invalid("REDIS_FAILURE_MODE", "must be open or closed");
        }
        IngressSettings.Redis redis = new IngressSettings.Redis(optional("REDIS_URL"),
                positive("REDIS_TIMEOUT"), failureMode.equals("closed"));
        IngressSettings.RateLimits limits = new IngressSettings.RateLimits(
                intIn("RATE_LIMIT_MAX_REQUESTS", 0, 1_000_000_000),
                intIn("RATE_LIMIT_API_KEY_MAX_REQUESTS", 0, 1_000_000_000),
                intIn("RATE_LIMIT_IP_MAX_REQUESTS", 0, 1_000_000_000),
                positive("RATE_LIMIT_WINDOW"));
        IngressSettings.Breaker breaker = new IngressSettings.Breaker(
                intIn("BREAKER_FAILURE_RATE", 1, 100),
                intIn("BREAKER_WINDOW", 1, 10_000),
                intIn("BREAKER_MINIMUM_CALLS", 1, 10_000),
                positive("BREAKER_OPEN_BASE"),
                positive("BREAKER_OPEN_MAX"));
        if (breaker.openMax().compareTo(breaker.openBase()) < 0) {
            throw invalid("BREAKER_OPEN_MAX", "must not be shorter than BREAKER_OPEN_BASE");
        }
        return new IngressSettings(redis, limits, positive("IDEMPOTENCY_TTL"), breaker);
    }

    /** Never echoed in an error: it is a shared secret. */
    private Optional<String> internalToken() {
        Optional<String> token = optional("INTERNAL_TOKEN");
        if (token.isPresent() && (token.get().length() < 32 || !token.get().matches("[\\x21-\\x7e]+"))) {
            throw new IllegalArgumentException("setting INTERNAL_TOKEN: must be at least 32 printable ASCII"
                    + " characters without spaces (e.g. openssl rand -hex 32)");
        }
        return token;
    }

    private AuthSettings auth() {
        Optional<String> internalToken = internalToken();
        try {
            return new AuthSettings(ApiKeysSetting.parse(text("API_KEYS")), paths("AUTH_OPEN_PATHS"), internalToken);
        } catch (IllegalArgumentException e) {
            // Never echo the setting's value: it holds hashes, and a pasted secret is possible.
            throw new IllegalArgumentException("setting API_KEYS: " + e.getMessage());
        }
    }

    private CorsSettings cors() {
        try {
            return CorsSettings.parse(text("CORS_ORIGINS"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting CORS_ORIGINS: " + e.getMessage());
        }
    }

    private EventSettings events() {
        String emit = text("METRICS_EMIT");
        if (!emit.equals("updates") && !emit.equals("final")) {
            throw invalid("METRICS_EMIT", "must be updates or final");
        }
        Duration grace = nonNegative("EVENTS_GRACE");
        EventSettings events = new EventSettings(
                positive("EVENTS_DEDUP_WINDOW"),
                grace,
                positive("METRICS_DAILY_RETENTION"),
                positive("METRICS_HOURLY_RETENTION"),
                emit.equals("final"),
                intIn("EVENTS_MAX_BATCH", 1, 100_000),
                intIn("EVENTS_MAX_EVENT_BYTES", 64, Integer.MAX_VALUE),
                nonNegative("EVENTS_MAX_FUTURE"),
                intIn("METRICS_QUERY_MAX_DAYS", 1, 100_000),
                intIn("METRICS_MAX_EVENT_TYPES", 1, 1_000_000),
                intIn("METRICS_MAX_EVENT_ACTIONS", 1, 1_000_000),
                intIn("EVENTS_MAX_CONCURRENT_BATCHES", 1, 100_000));
        // Kafka Streams refuses a window store that forgets a window before it closes.
        if (events.dailyRetention().compareTo(EventSettings.DAY.plus(grace)) < 0) {
            throw invalid("METRICS_DAILY_RETENTION", "must be at least 1d plus EVENTS_GRACE");
        }
        if (events.hourlyRetention().compareTo(EventSettings.HOUR.plus(grace)) < 0) {
            throw invalid("METRICS_HOURLY_RETENTION", "must be at least 1h plus EVENTS_GRACE");
        }
        return events;
    }

    private MonitoringSettings monitoring() {
        return new MonitoringSettings(positive("MONITOR_INTERVAL"), list("LAG_GROUPS"), list("INVENTORY_METRIC_ITEMS"),
                intIn("INVENTORY_METRIC_TOP", 0, 10_000));
    }

    private SseSettings sse() {
        return new SseSettings(intIn("SSE_MAX_STREAMS", 1, 1_000_000), intIn("SSE_MAX_STREAMS_PER_KEY", 1, 1_000_000),
                positive("SSE_HEARTBEAT"), intIn("HTTP_MAX_WAITS", 1, 1_000_000),
                intIn("HTTP_MAX_WAITS_PER_KEY", 1, 1_000_000));
    }

    private List<String> list(String key) {
        return Arrays.stream(text(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private Duration nonNegative(String key) {
        Duration d = duration(key);
        if (d.isNegative()) {
            throw invalid(key, "must not be negative");
        }
        return d;
    }

    private List<String> paths(String key) {
        List<String> paths = new ArrayList<>();
        for (String path : text(key).split(",")) {
            String trimmed = path.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("/")) {
                throw invalid(key, "must list paths that start with /");
            }
            paths.add(trimmed.length() > 1 && trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
        }
        return List.copyOf(paths);
    }

    private Duration positive(String key) {
        Duration d = duration(key);
        if (d.isNegative() || d.isZero()) {
            throw invalid(key, "must be positive");
        }
        return d;
    }

    private Role role() {
        try {
            return Role.parse(text("ROLE"));
        } catch (IllegalArgumentException e) {
            throw invalid("ROLE", "must be all, ingress or processor");
        }
    }

    private String text(String key) {
        return values.get(key);
    }

    private Optional<String> optional(String key) {
        return Optional.of(text(key)).filter(s -> !s.isBlank());
    }

    private Path path(String key, Path fallback) {
        return optional(key).map(Path::of).orElse(fallback);
    }

    private int intIn(String key, int min, int max) {
        return (int) longIn(key, min, max);
    }

    private long longIn(String key, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number");
        }
        if (n < min || n > max) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return n;
    }

    private Duration duration(String key) {
        try {
            return Durations.parse(text(key));
        } catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage());
        }
    }

    private boolean flag(String key) {
        return switch (text(key).strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "must be true or false");
        };
    }

    private IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("setting " + key + "='" + text(key) + "' " + problem);
    }
}
