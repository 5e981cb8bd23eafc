package dev.surge.node;

import dev.surge.config.SurgeConfig;
import dev.surge.http.Admission;
import dev.surge.http.client.Peers;
import dev.surge.http.tls.TransportTls;
import dev.surge.ingress.RecordPublisher;
import dev.surge.node.health.HealthCheck;
import dev.surge.node.health.StreamsHealth;
import dev.surge.node.lifecycle.CloseInOrder;
import dev.surge.node.metrics.ProcessorMetrics;
import dev.surge.node.metrics.ProcessorMonitoring;
import dev.surge.query.ActivityQueryService;
import dev.surge.query.Forwarding;
import dev.surge.query.Gathering;
import dev.surge.query.Instances;
import dev.surge.query.InstancesService;
import dev.surge.query.InventoryQuery;
import dev.surge.query.InventoryQueryService;
import dev.surge.query.LocalInstance;
import dev.surge.query.MetricsQuery;
import dev.surge.query.MetricsQueryService;
import dev.surge.query.OrderCommandService;
import dev.surge.query.OrderQueryService;
import dev.surge.query.OrderStatusQuery;
import dev.surge.query.ReplicaLags;
import dev.surge.query.ReservationCommands;
import dev.surge.query.ResultWaiters;
import dev.surge.query.TraceQuery;
import dev.surge.query.TraceQueryService;
import dev.surge.query.console.ConsoleService;
import dev.surge.query.Waits;
import dev.surge.query.activity.SaleActivity;
import dev.surge.query.stream.Changelog;
import dev.surge.query.stream.ChangelogFeed;
import dev.surge.query.stream.InventoryStreamService;
import dev.surge.query.stream.LiveStreams;
import dev.surge.query.stream.OrderStreamService;
import dev.surge.topology.ProcessingOutcomes;
import dev.surge.topology.TopologyRunner;
import dev.surge.topology.TopologySettings;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What role processor (and all) adds to a node: the topology, and every route over its state: key
 * lookups, lists, instances, trace, lag, the last minute's activity, live streams, the console's
 * pages, and the order commands (confirm, cancel), decided here and sent through the node's
 * producer. Whatever it opens is closed by the node's {@link CloseInOrder}.
 */
final class ProcessorRole {

    /** The longest one instance waits for another's answer to a forwarded read (besides a long poll's wait). */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    private final SurgeConfig config;
    private final PrometheusMeterRegistry registry;
    private final CloseInOrder closeInOrder;
    private final Admission admission;
    private final Optional<TransportTls> tls;
    private final Supplier<Map<String, Object>> clientConfig;

    /** @param clientConfig every Kafka client's settings, bootstrap servers included: a fresh map each time */
    ProcessorRole(SurgeConfig config, PrometheusMeterRegistry registry, CloseInOrder closeInOrder, Admission admission,
                  Optional<TransportTls> tls, Supplier<Map<String, Object>> clientConfig) {
        this.config = config;
        this.registry = registry;
        this.closeInOrder = closeInOrder;
        this.admission = admission;
        this.tls = tls;
        this.clientConfig = clientConfig;
    }

    /**
     * Builds the topology (the node starts it once HTTP serves) and registers its routes and health.
     *
     * @param publisher the node's producer, behind its circuit breaker: the order commands go through it
     */
    TopologyRunner start(HttpRouting.Builder routing, List<HealthCheck> checks, Admin admin, int httpPort,
                         int partitions, String bootstrapServers, RecordPublisher publisher) {
        SurgeConfig served = config.withHttpPort(httpPort).withPartitions(partitions);
        HostInfo self = HostInfo.buildFromEndpoint(served.applicationServer());
        ResultWaiters waiters = new ResultWaiters();
        // The meters for Prometheus, and the last minute for the live console (GET /v1/activity).
        SaleActivity activity = new SaleActivity(config.topics(), Clock.systemUTC());
        TopologyRunner topology = new TopologyRunner(TopologySettings.from(served), bootstrapServers, waiters,
                ProcessingOutcomes.both(new ProcessorMetrics(registry, config.topics()), activity));
        closeInOrder.first(topology);
        Peers peers = closeInOrder.first(peers(served));
        Forwarding forwarding = Forwarding.to(peers);
        Instances instances = new Instances(topology.streams(), served.applicationServer());
        Gathering gathering = Gathering.across(instances::others, peers);
        ReplicaLags lags = new ReplicaLags(topology.streams());
        InventoryQuery inventory = new InventoryQuery(topology.streams(), self, lags);
        ProcessorMonitoring monitoring = ProcessorMonitoring.start(registry, served, admin, clientConfig.get(),
                topology.streams());
        closeInOrder.first(monitoring);
        OrderStatusQuery orderStatus = new OrderStatusQuery(topology.streams(), self, lags, waiters);
        // One count of waiting requests: a long-polled read and a command awaiting its decision hold alike.
        Waits waits = new Waits(config.sse().maxWaits(), config.sse().maxWaitsPerKey());
        routing.register(
                new OrderQueryService(orderStatus, config.http().maxWait(), waits, forwarding),
                new OrderCommandService(new ReservationCommands(orderStatus,
                        new PublishedOrderCommands(publisher, config.topics().orderCommands())),
                        config.http().maxWait(), waits, forwarding),
                new InventoryQueryService(inventory::find, inventory::page, forwarding, gathering),
                new MetricsQueryService(new MetricsQuery(topology.streams(), self),
                        config.events().maxQueryDays(), forwarding, gathering),
                new InstancesService(new LocalInstance(topology.streams(), topology.description(),
                        served.applicationServer()), instances, peers),
                new TraceQueryService(new TraceQuery(topology.streams(), served.applicationServer())::find,
                        served.streams().tracing(), forwarding, gathering),
                new ActivityQueryService(activity, gathering),
                monitoring.lagService(),
                ConsoleService.fromClasspath());
        registerLiveStreams(routing, served, admin, partitions, inventory, orderStatus);
        checks.add(new StreamsHealth(topology.streams()::state, topology::threadsReplacedWithin));
        return topology;
    }

    private void registerLiveStreams(HttpRouting.Builder routing, SurgeConfig served, Admin admin, int partitions,
                                     InventoryQuery inventory, OrderStatusQuery orderStatus) {
        // Live streams end when the drain begins: they would otherwise hold the stop for the whole drain timeout.
        LiveStreams live = new LiveStreams(config.sse());
        admission.onDrain(live::shutdown);
        Gauge.builder("processor_sse_streams", live, LiveStreams::openStreams)
                .description("live streams (SSE) open on this instance").register(registry);
        Changelog changelog = new Changelog(config.streams().applicationId(), partitions, admin, clientConfig.get(),
                PEER_TIMEOUT);
        ChangelogFeed feed = closeInOrder.first(new ChangelogFeed(changelog, PEER_TIMEOUT.multipliedBy(2)));
        // Connections of their own: order streams waiting at their owners never hold those forwarded reads need.
        Peers streamPeers = closeInOrder.first(peers(served));
        routing.register(
                new InventoryStreamService(live, feed, changelog, inventory::find, streamPeers, PEER_TIMEOUT),
                new OrderStreamService(live, orderStatus, streamPeers, config.http().maxWait()));
    }

    /** Calls to the other processors: over TLS, checked against HTTP_TLS_TRUST, when this node serves TLS. */
    private Peers peers(SurgeConfig served) {
        return new Peers(served.applicationServer(), config.http().auth().internalToken(), PEER_TIMEOUT,
                config.http().maxWait(), tls.map(TransportTls::peers));
    }
}
