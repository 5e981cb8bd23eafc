package dev.surge.node;

import dev.surge.config.SurgeConfig;
import dev.surge.http.Admission;
import dev.surge.http.HttpErrors;
import dev.surge.http.PassThroughDecoding;
import dev.surge.http.RequestFilter;
import dev.surge.http.RequestMeters;
import dev.surge.http.SeriesLimit;
import dev.surge.http.auth.ApiKeyFilter;
import dev.surge.http.cors.CorsFilter;
import dev.surge.http.cors.CrossOriginRoute;
import dev.surge.http.tls.TransportTls;
import dev.surge.ingress.EdgeStores;
import dev.surge.ingress.IngressContext;
import dev.surge.ingress.IngressMetrics;
import dev.surge.ingress.IngressRoutes;
import dev.surge.ingress.KafkaRecordPublisher;
import dev.surge.ingress.breaker.CircuitBreakingPublisher;
import dev.surge.node.health.BackgroundCheck;
import dev.surge.node.health.CircuitBreakerHealth;
import dev.surge.node.health.HealthCheck;
import dev.surge.node.health.HealthService;
import dev.surge.node.health.KafkaHealth;
import dev.surge.node.health.RedisHealth;
import dev.surge.node.kafka.LocalKafka;
import dev.surge.node.kafka.TopicSetup;
import dev.surge.node.lifecycle.CloseInOrder;
import dev.surge.node.metrics.MetricsService;
import dev.surge.node.metrics.ProcessMetrics;
import dev.surge.query.OrderCommandService;
import dev.surge.schemas.Topics;
import dev.surge.topology.TopologyRunner;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Surge process: Kafka (embedded or configured), the topics, and per role the topology
 * ({@link ProcessorRole}), the edge stores, one producer (the ingress's records, the processor's
 * order commands) and one HTTP server with every service of the roles it runs.
 */
public final class SurgeNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SurgeNode.class);
    /** The named socket that serves /metrics and detailed /health when MANAGEMENT_PORT is set. */
    private static final String MANAGEMENT = "management";
    /** Scrapes and probes only: a handful of clients, never the API's thousands. */
    private static final int MANAGEMENT_MAX_CONNECTIONS = 64;
    /** How often Kafka's health is asked, off the request threads, and when its last answer is too old to trust. */
    private static final Duration KAFKA_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration KAFKA_CHECK_STALE = Duration.ofSeconds(10);

    private final SurgeConfig config;
    private final CloseInOrder closeInOrder = new CloseInOrder();
    private final Admission admission = new Admission();
    /** Far above any legitimate meter's series (routes × methods × statuses, partitions, keys). */
    private static final int MAX_SERIES_PER_METER = 5_000;
    private final PrometheusMeterRegistry registry = limited(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    private final LocalKafka localKafka;
    /** Present when HTTP is served over TLS (HTTP_TLS_CERT): the listener's and the peer calls'. */
    private final Optional<TransportTls> tls;
    private LocalKafka.Running embedded;
    private String bootstrapServers;
    private TopologyRunner topology;
    /** The producer every role writes through; made by the first that needs it ({@link #publisher()}). */
    private CircuitBreakingPublisher publisher;
    private WebServer server;

    private SurgeNode(SurgeConfig config, LocalKafka localKafka) {
        this.config = config;
        this.localKafka = localKafka;
        // Read before anything starts: a bad certificate or key is a startup error naming its setting.
        this.tls = config.http().tls().map(TransportTls::load);
    }

    /**
     * Starts everything the configured role needs and returns once HTTP is served and, for a
     * processor, the topology runs.
     *
     * @param httpPort the port to serve on (the caller resolves "free port" choices)
     * @param localKafka the broker to start when the configuration names no Kafka cluster
     */
    public static SurgeNode start(SurgeConfig config, int httpPort, LocalKafka localKafka) throws Exception {
        OpenAccess.check(config.http(), httpPort);
        SurgeNode node = new SurgeNode(config, localKafka);
        try {
            node.startAll(httpPort);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void startAll(int httpPort) throws Exception {
        bootstrapServers = config.kafka().bootstrapServers().orElseGet(this::startEmbeddedKafka);
        closeInOrder.last(ProcessMetrics.bindTo(registry));
        Admin admin = Admin.create(clientConfig());
        closeInOrder.last(admin);
        Topics topics = config.topics();
        TopicSetup.ensureTopics(admin, TopicSetup.newTopics(topics, config.kafka().partitions(),
                config.kafka().replicationFactor()));
        int partitions = TopicSetup.requireSamePartitionCount(admin,
                topics.coPartitioned());

        HttpRouting.Builder routing = HttpRouting.builder()
                // Correlation id, drain and access log first, so even a 401 has an id and a log line.
                .addFilter(new RequestFilter(admission, config.http().auth(), new RequestMeters(registry)))
                // Before the key check: it answers the preflights it allows, which browsers send without a key.
                .addFilter(new CorsFilter(config.http().cors(), crossOriginRoutes()))
                // Peers may send a processor the order commands an order's owner decides, besides reads.
                .addFilter(new ApiKeyFilter(config.http().auth(), config.role().runsProcessor()
                        ? OrderCommandService::isCommand : (method, path) -> false));
        if (config.role().runsProcessor()) {
            routing.addFilter(new ReadRateLimit(config.ingress().rateLimits()));
        }
        // Closed before the admin client it uses.
        BackgroundCheck kafkaHealth = closeInOrder.first(BackgroundCheck.start(new KafkaHealth(admin, topics.all()),
                KAFKA_CHECK_INTERVAL, KAFKA_CHECK_STALE));
        List<HealthCheck> checks = new ArrayList<>(List.of(kafkaHealth));
        if (config.role().runsProcessor()) {
            topology = new ProcessorRole(config, registry, closeInOrder, admission, tls, this::clientConfig)
                    .start(routing, checks, admin, httpPort, partitions, bootstrapServers, publisher());
        }
        if (config.role().runsIngress()) {
            startIngress(routing, checks);
        }
        OptionalInt managementPort = config.http().managementPort();
        routing.register(HealthService.onApiPort(checks, admission, config.http().auth(), managementPort.isPresent()));
        if (managementPort.isEmpty()) {
            routing.register(new MetricsService(registry));
        }
        // One error handler for the whole server: JSON errors (404s included), never a stack trace.
        routing.error(Exception.class, HttpErrors::uncaught);

        var builder = WebServer.builder()
                // Shutdown is ours (close()): Helidon's own hook would stop HTTP before the drain.
                .shutdownHook(false)
                // Bodies reach the routes as sent: POST /v1/events inflates gzip itself, within its limit.
                .contentEncoding(new PassThroughDecoding())
                .host(config.http().host())
                .port(httpPort)
                // Beyond these Helidon refuses the connection, or answers 503: no client holds more.
                .maxTcpConnections(config.http().maxConnections())
                .maxConcurrentRequests(config.http().maxConcurrentRequests())
                .routing(routing);
        managementPort.ifPresent(port -> builder.putSocket(MANAGEMENT, socket -> socket
                .host(config.http().host())
                .port(port)
                .maxTcpConnections(MANAGEMENT_MAX_CONNECTIONS)
                .maxConcurrentRequests(MANAGEMENT_MAX_CONNECTIONS)
                .routing(managementRouting(checks))));
        tls.ifPresent(transport -> builder.tls(transport.server()));
        server = builder.build().start();
        if (topology != null) {
            topology.start();
            if (!topology.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the topology did not reach RUNNING within 60 s: "
                        + topology.streams().state());
            }
        }
        admission.markStarted();
        log.info("surge {} serving {}{} on Kafka {}", config.role().name().toLowerCase(),
                baseUrl(), managementUrl().map(url -> " (management " + url + ")").orElse(""), bootstrapServers);
    }

    /**
     * No API keys here: the port is kept off every Service, Ingress and published port, so who
     * reaches it is decided by the network (the scraper, the kubelet). Nor the request filter: a
     * probe must answer while the API drains or is at its connection limit.
     */
    private HttpRouting.Builder managementRouting(List<HealthCheck> checks) {
        return HttpRouting.builder()
                .register(HealthService.withDetails(checks, admission), new MetricsService(registry))
                .error(Exception.class, HttpErrors::uncaught);
    }

    /** Only the ingress has routes for other origins' pages; a processor stays same-origin whatever CORS_ORIGINS says. */
    private List<CrossOriginRoute> crossOriginRoutes() {
        if (!config.role().runsIngress() || !config.http().cors().enabled()) {
            return List.of();
        }
        List<CrossOriginRoute> routes = IngressRoutes.crossOrigin();
        routes.forEach(route -> log.info("{} {} may be called from pages of {}", route.method().text(), route.path(),
                String.join(", ", config.http().cors().origins())));
        return routes;
    }

    /** The write routes: the producer behind its circuit breaker, and the edge stores (rate limits, idempotency). */
    private void startIngress(HttpRouting.Builder routing, List<HealthCheck> checks) {
        // Closed before the producer in role all, where the processor made it: by then HTTP has
        // stopped and every publish has had its acknowledgement, so the producer holds nothing.
        EdgeStores stores = EdgeStores.from(config.ingress().redis());
        closeInOrder.first(stores);
        CircuitBreakingPublisher publisher = publisher();
        IngressMetrics metrics = new IngressMetrics(registry);
        metrics.circuitBreaker(publisher);
        checks.add(new RedisHealth(stores, config.ingress().redis().failClosed()));
        checks.add(new CircuitBreakerHealth(publisher));
        IngressRoutes.register(routing, IngressContext.from(config, publisher, stores, metrics));
    }

    /**
     * The node's one producer, behind its circuit breaker, made by the first role that needs it: the
     * ingress's records, and the processor's order commands (in role all, through the same one).
     */
    private CircuitBreakingPublisher publisher() {
        if (publisher == null) {
            String clientId = config.role().runsIngress() ? "surge-ingress" : "surge-processor-commands";
            KafkaRecordPublisher producer = new KafkaRecordPublisher(clientConfig(), config.kafka().produceTimeout(),
                    clientId);
            closeInOrder.first(producer);
            KafkaClientMetrics producerMetrics = producer.clientMetrics();
            producerMetrics.bindTo(registry);
            closeInOrder.first(producerMetrics);
            publisher = new CircuitBreakingPublisher(producer, config.ingress().breaker());
        }
        return publisher;
    }

    private String startEmbeddedKafka() {
        try {
            embedded = localKafka.start(config.kafka().embeddedPort(), config.kafka().embeddedDataDir());
        } catch (RuntimeException e) {
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
        return embedded.bootstrapServers();
    }

    /** Client settings for every Kafka client of this node: KAFKA_* overrides, then the bootstrap. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> props = new HashMap<>(config.kafka().clientOverrides());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embeddedKafka() {
        return embedded != null;
    }

    public int httpPort() {
        return server.port();
    }

    public String baseUrl() {
        return config.http().scheme() + "://localhost:" + httpPort();
    }

    /** Where /metrics and detailed /health are served apart from the API; empty without MANAGEMENT_PORT. */
    public Optional<String> managementUrl() {
        return config.http().managementPort().isPresent()
                ? Optional.of("http://localhost:" + server.port(MANAGEMENT)) : Optional.empty();
    }

    /** Where /metrics is scraped: the management port if there is one, else the API's. */
    public String monitoringUrl() {
        return managementUrl().orElse(baseUrl());
    }

    public SurgeConfig config() {
        return config;
    }

    /** For tests that look at this node's meters without scraping. */
    public PrometheusMeterRegistry meters() {
        return registry;
    }

    /**
     * A graceful stop: readiness turns 503 and new requests are refused, the requests in progress
     * finish (up to SHUTDOWN_DRAIN_TIMEOUT), then HTTP stops; Redis, the topology, the producer
     * (every record it took was acknowledged before its request was answered) and admin close, and
     * last the embedded broker.
     */
    @Override
    public void close() {
        admission.beginDrain();
        if (server != null) {
            try {
                if (!admission.awaitIdle(config.http().drainTimeout())) {
                    log.warn("{} request(s) still in progress after {}; stopping anyway",
                            admission.inFlight(), config.http().drainTimeout());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.stop();
        }
        closeInOrder.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Series per meter name are capped: no label, now or later, can grow the heap without bound. */
    private static PrometheusMeterRegistry limited(PrometheusMeterRegistry registry) {
        SeriesLimit.apply(registry, MAX_SERIES_PER_METER);
        return registry;
    }
}
