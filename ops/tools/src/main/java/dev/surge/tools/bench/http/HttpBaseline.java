package dev.surge.tools.bench.http;

import dev.surge.config.SurgeConfig;
import dev.surge.tools.bench.BenchContext;
import dev.surge.tools.bench.Scenario;
import dev.surge.tools.bench.ScenarioResult;
import dev.surge.node.kafka.TopicSetup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floors of the HTTP scenarios, measured with the same load generator and load:
 * {@code baseline-http}, a bare Helidon GET for {@code queries}; {@code baseline-http-produce}, a
 * bare Helidon POST that produces the body with acks=all and answers 202 on the ack, for {@code ingress}.
 */
public final class HttpBaseline implements Scenario {

    private final String name;
    private final boolean produce;

    private HttpBaseline(String name, boolean produce) {
        this.name = name;
        this.produce = produce;
    }

    public static HttpBaseline get() {
        return new HttpBaseline("baseline-http", false);
    }

    public static HttpBaseline produce() {
        return new HttpBaseline("baseline-http-produce", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return produce
                ? "a bare Helidon POST handler that produces the body to Kafka (acks=all, idempotent) and answers 202"
                        + " on the ack: the floor of ingress, same load"
                : "a bare Helidon GET handler answering 200 with a small JSON body: the floor of queries, same load";
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Load load = Load.from(context.options());
        if (!produce) {
            try (BareHttpServer server = BareHttpServer.answering()) {
                return measure(context, load, server, "GET /v1/inventory/{item}");
            }
        }
        String prefix = context.freshPrefix(name);
        SurgeConfig surge = context.surgeConfig(prefix, Map.of());
        String topic = prefix + "orders";
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            TopicSetup.ensureTopics(admin, List.of(new NewTopic(topic, surge.kafka().partitions(),
                    surge.kafka().replicationFactor())));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(context.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
             BareHttpServer server = BareHttpServer.producing(producer, topic, surge.kafka().produceTimeout())) {
            return measure(context, load, server, "POST /v1/orders, produced with acks=all");
        }
    }

    private ScenarioResult measure(BenchContext context, Load load, BareHttpServer server, String what)
            throws InterruptedException {
        List<String> items = OrderChecks.items(name, context.options().items());
        try (SurgeApi api = new SurgeApi(server.baseUrl(), load.connections())) {
            HttpLoad.Outcome outcome = produce
                    ? HttpLoad.run(name, load, status -> status == 202,
                            slot -> api.placeOrder(OrderChecks.randomOrder(items)).status(), context.progress())
                    : HttpLoad.run(name, load, status -> status == 200, slot ->
                            api.get("/v1/inventory/" + items.get(ThreadLocalRandom.current().nextInt(items.size()))),
                            context.progress());
            return new ScenarioResult(name, "req/s", outcome.count(), outcome.seconds(), Optional.of(outcome.latency()),
                    outcome.errors(), Optional.empty(), load.describe() + ", " + what);
        }
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // As Surge's ingress producer: long enough to batch concurrent requests.
                ProducerConfig.LINGER_MS_CONFIG, 5);
    }
}
