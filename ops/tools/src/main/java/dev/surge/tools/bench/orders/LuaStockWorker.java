package dev.surge.tools.bench.orders;

import dev.surge.schemas.Json;
import dev.surge.schemas.OrderRequest;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import dev.surge.schemas.Topics;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One worker of the Redis baseline. Per poll: every order's script call is sent at once (lettuce
 * pipelines them on one connection), then every result is produced, flushed, and the offsets
 * committed: at-least-once, so a crash may decrement twice, the guarantee Surge does not trade.
 */
final class LuaStockWorker implements Runnable {

    /** -2: unknown item; -1: not enough stock; else the units left after the decrement. */
    static final String SCRIPT = """
            local stock = redis.call('GET', KEYS[1])
            if not stock then return -2 end
            local want = tonumber(ARGV[1])
            if tonumber(stock) < want then return -1 end
            return redis.call('DECRBY', KEYS[1], want)
            """;

    private final Map<String, Object> clients;
    private final String prefix;
    private final Topics topics;
    private final StatefulRedisConnection<String, String> redis;
    private final String sha;
    private final AtomicBoolean running;

    LuaStockWorker(Map<String, Object> clients, String prefix, Topics topics,
                   StatefulRedisConnection<String, String> redis, String sha, AtomicBoolean running) {
        this.clients = clients;
        this.prefix = prefix;
        this.topics = topics;
        this.redis = redis;
        this.sha = sha;
        this.running = running;
    }

    static String stockKey(String prefix, String item) {
        return prefix + "stock:" + item;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> consumer = consumer();
             KafkaProducer<String, byte[]> producer = producer()) {
            consumer.subscribe(List.of(topics.orders().name()));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                List<OrderRequest> orders = new ArrayList<>(records.count());
                List<RedisFuture<Long>> decisions = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    OrderRequest order = read(record.value());
                    orders.add(order);
                    decisions.add(redis.async().evalsha(sha, ScriptOutputType.INTEGER,
                            new String[] {stockKey(prefix, order.itemId())}, Integer.toString(order.quantity())));
                }
                for (int i = 0; i < orders.size(); i++) {
                    OrderResult result = decide(orders.get(i), decisions.get(i).get(10, TimeUnit.SECONDS));
                    producer.send(new ProducerRecord<>(topics.orderResults().name(), result.orderId(),
                            Json.toBytes(result)));
                }
                producer.flush();
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("redis did not answer", e);
        } finally {
            redis.close();
        }
    }

    private static OrderRequest read(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, OrderRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OrderResult decide(OrderRequest order, long left) {
        OrderStatus status = left >= 0 ? OrderStatus.RESERVED : left == -1 ? OrderStatus.SOLD_OUT : OrderStatus.REJECTED;
        Instant now = Instant.now();
        return new OrderResult(order.orderId(), order.itemId(), order.userId(), order.quantity(), status,
                null, null, left >= 0 ? left : null, null, now, now, order.clientOrderId(), order.placedBy(), null);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(clients);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "redis-lua");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.putAll(clients);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
