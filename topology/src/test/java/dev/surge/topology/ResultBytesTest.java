package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ResultBytesTest {

    private final ResultBytes serde = new ResultBytes();

    private byte[] read(String text) {
        return serde.deserializer().deserialize("order-results", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passesAResultThroughAsItsOwnBytes() {
        byte[] bytes = Json.toBytes(new OrderResult("o1", "sku-1", "u1", 1, OrderStatus.RESERVED, null, null, 4L, "c",
                Instant.now(), Instant.now(), null, null, null));
        assertThat(serde.deserializer().deserialize("order-results", bytes)).isSameAs(bytes);
        assertThat(serde.deserializer().deserialize("order-results", null)).isNull();
    }

    @Test
    void refusesWhatIsNoOrderResult() {
        for (String garbage : new String[] {"not an order result", "[]", "{\"order_id\":\"o1\"}",
                "{\"order_id\":\"o1\",\"status\":\"LOST\"}", "{\"order_id\":1,\"status\":\"RESERVED\"}",
                "{\"order_id\":\"o1\",\"status\":\"RESERVED\"}x", "{\"order_id\":\"o1\",\"status\":\"RESERVED\""}) {
            assertThatThrownBy(() -> read(garbage)).as(garbage).isInstanceOf(SerializationException.class);
        }
        assertThat(read("{\"order_id\":\"o1\",\"status\":\"SOLD_OUT\",\"extra\":{\"a\":[1]}}")).isNotNull();
    }
}
