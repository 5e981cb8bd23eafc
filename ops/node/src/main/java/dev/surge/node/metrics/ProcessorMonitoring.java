package dev.surge.node.metrics;

import dev.surge.config.SurgeConfig;
import dev.surge.node.dlq.DlqBacklog;
import dev.surge.node.lag.ConsumerLag;
import dev.surge.node.lag.LagGauges;
import dev.surge.node.lag.LagService;
import dev.surge.node.lifecycle.CloseInOrder;
import dev.surge.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What a processor exports beyond its counters: the Kafka Streams client's own metrics and state,
 * and on a schedule consumer lag, the DLQ backlog and inventory levels. Also serves {@code GET /v1/lag},
 * the last lag measured.
 */
public final class ProcessorMonitoring implements AutoCloseable {

    private final CloseInOrder closeInOrder = new CloseInOrder();
    private LagService lagService;

    private ProcessorMonitoring() {
    }

    /**
     * @param admin        shared with the node, not closed here
     * @param clientConfig every Kafka client's settings (bootstrap servers, KAFKA_* overrides)
     */
    public static ProcessorMonitoring start(MeterRegistry registry, SurgeConfig config, Admin admin,
                                            Map<String, Object> clientConfig, KafkaStreams streams) {
        ProcessorMonitoring monitoring = new ProcessorMonitoring();
        try {
            monitoring.startAll(registry, config, admin, clientConfig, streams);
            return monitoring;
        } catch (RuntimeException e) {
            monitoring.close();
            throw e;
        }
    }

    private void startAll(MeterRegistry registry, SurgeConfig config, Admin admin, Map<String, Object> clientConfig,
                          KafkaStreams streams) {
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        closeInOrder.last(streamsMetrics);
        StreamsStateGauges.bind(registry, streams);

        String applicationId = config.streams().applicationId();
        List<String> groups = new ArrayList<>(List.of(applicationId, DlqBacklog.groupId(applicationId)));
        config.monitoring().extraLagGroups().stream().filter(g -> !groups.contains(g)).forEach(groups::add);
        Topics topics = config.topics();

        // The schedule closes first, so no measurement runs on a closed client.
        MeasurementSchedule schedule = new MeasurementSchedule(config.monitoring().interval());
        closeInOrder.first(schedule);
        ConsumerLag lag = ConsumerLag.open(admin, clientConfig);
        closeInOrder.last(lag);
        DlqBacklogGauges dlq = new DlqBacklogGauges(registry, DlqBacklog.open(clientConfig, applicationId),
                List.of(topics.ordersDlq().name(), topics.eventsDlq().name()));
        closeInOrder.last(dlq);
        // Measured on the schedule only: GET /v1/lag serves the last reading and never waits on the broker.
        LagGauges lagGauges = new LagGauges(registry, lag, groups);
        InventoryLevelGauges inventory = new InventoryLevelGauges(registry, streams, config.monitoring());
        schedule.every("consumer lag", lagGauges::measure);
        schedule.every("DLQ backlog", dlq::measure);
        schedule.every("inventory levels", () -> {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                inventory.measure();
            }
        });
        lagService = new LagService(lagGauges::latest, groups, config.monitoring().interval());
    }

    public LagService lagService() {
        return lagService;
    }

    @Override
    public void close() {
        closeInOrder.close();
    }
}
