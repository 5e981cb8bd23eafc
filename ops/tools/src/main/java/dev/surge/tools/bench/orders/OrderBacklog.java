package dev.surge.tools.bench.orders;

import dev.surge.node.kafka.TopicSetup;
import dev.surge.schemas.InventoryCommand;
import dev.surge.schemas.Json;
import dev.surge.schemas.KafkaHeaders;
import dev.surge.schemas.OrderRequest;
import dev.surge.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The orders a catch-up scenario works through, written to Kafka before the system under test
 * starts: SET commands for every item, then {@code orders} orders spread evenly over the items
 * (one hot item when there is one), keyed by item_id with the Java client's partitioner, with the
 * headers the ingress writes. Each item gets half as many units as it has orders, so half the
 * orders reserve and half sell out.
 *
 * <p>The results topic takes the broker's append time, so throughput is measured where the
 * results land, independent of how fast anyone reads them.
 */
record OrderBacklog(Topics topics, int partitions, int items, int orders) {

    static final long SEED = 42;

    static OrderBacklog create(String prefix, int partitions, int items, int orders) {
        return new OrderBacklog(Topics.withPrefix(prefix), partitions, items, orders);
    }

    String item(int index) {
        return "item-" + index;
    }

    long stockPerItem() {
        return Math.max(1, orders / items / 2);
    }

    long supplied() {
        return stockPerItem() * items;
    }

    /** Creates Surge's topics (results with broker append time) and writes the commands and orders. */
    void produce(Map<String, Object> clientConfig) throws Exception {
        try (Admin admin = Admin.create(clientConfig)) {
            List<NewTopic> topics = new ArrayList<>();
            for (NewTopic topic : TopicSetup.newTopics(this.topics, partitions, (short) 1)) {
                if (topic.name().equals(this.topics.orderResults().name())) {
                    topic.configs().put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
                }
                topics.add(topic);
            }
            TopicSetup.ensureTopics(admin, topics);
        }
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // One batch in flight: the broker otherwise refuses many as out of order under this load and
        // the producer spends seconds retrying them.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < items; i++) {
                InventoryCommand set = new InventoryCommand("bench-set-" + i, item(i), InventoryCommand.Type.SET,
                        stockPerItem(), now);
                producer.send(new ProducerRecord<>(topics.inventoryCommands().name(), item(i), Json.toBytes(set)));
            }
            producer.flush();
            SplittableRandom random = new SplittableRandom(SEED);
            for (int i = 0; i < orders; i++) {
                String item = item(random.nextInt(items));
                OrderRequest order = new OrderRequest("bench-" + i, "user-" + random.nextInt(50_000), item, 1);
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(topics.orders().name(), item, Json.toBytes(order));
                KafkaHeaders.put(record.headers(), KafkaHeaders.CORRELATION_ID, "bench-" + i);
                producer.send(record);
            }
            producer.flush();
        }
    }
}
