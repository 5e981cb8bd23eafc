package dev.surge.tools.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The baselines' server over real HTTP, through the bench's own client. */
class BareHttpServerTest {

    private static final byte[] ORDER = "{\"user_id\":\"u1\",\"item_id\":\"sku-1\",\"quantity\":1}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void answersGetsWithAnInventorySizedBody() throws Exception {
        try (BareHttpServer server = BareHttpServer.answering(); SurgeApi api = new SurgeApi(server.baseUrl(), 2)) {
            assertThat(api.get("/v1/inventory/bench-7")).isEqualTo(200);
            assertThat(api.inventory("bench-7"))
                    .hasValueSatisfying(level -> assertThat(level.supplied()).isEqualTo(100));
        }
    }

    @Test
    void answersAPost202OnlyOnceTheRecordIsAcknowledged() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        try (BareHttpServer server = BareHttpServer.producing(producer, "bench.orders", Duration.ofSeconds(5));
             SurgeApi api = new SurgeApi(server.baseUrl(), 2)) {
            assertThat(api.placeOrder(ORDER).status()).isEqualTo(202);
        }
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("bench.orders");
            assertThat(record.value()).isEqualTo(ORDER);
        });
    }

    @Test
    void answers503WhenTheAckDoesNotCome() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        try (BareHttpServer server = BareHttpServer.producing(producer, "bench.orders", Duration.ofMillis(200));
             SurgeApi api = new SurgeApi(server.baseUrl(), 2)) {
            assertThat(api.placeOrder(ORDER).status()).isEqualTo(503);
        }
    }
}
