package dev.surge.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.http.RequestRejected;
import dev.surge.ingress.PublishFailedException;
import dev.surge.ingress.breaker.CircuitOpenException;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.Topics;
import dev.surge.schemas.Validated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishedOrderCommandsTest {

    private static final Topics TOPICS = Topics.withPrefix("shop-");
    private static final OrderCommand CONFIRM = new OrderCommand("cmd-1", "o-1", "sku-1", OrderCommand.Type.CONFIRM,
            Instant.parse("2026-12-06T13:00:00.123Z"));

    private record Published(String topic, String key, byte[] value, Map<String, String> headers) {
    }

    @Test
    void aCommandGoesToItsItemsKeyAsTheTopologyReadsIt() throws Exception {
        List<Published> published = new ArrayList<>();
        PublishedOrderCommands commands = new PublishedOrderCommands(
                (topic, key, value, headers) -> published.add(new Published(topic, key, value, headers)),
                TOPICS.orderCommands());

        commands.send(CONFIRM, Map.of("correlation_id", "c-1", "idempotency_key", "shop-1:abc"));

        assertThat(published).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("shop-order-commands");
            assertThat(record.key()).isEqualTo("sku-1");
            assertThat(record.headers()).containsEntry("correlation_id", "c-1")
                    .containsEntry("idempotency_key", "shop-1:abc");
            // The topology validates every command against its schema, whoever sent it.
            assertThat(new MessageValidator(10).orderCommand(record.value()))
                    .isEqualTo(new Validated.Valid<>(CONFIRM));
        });
    }

    @Test
    void aCommandTheBrokerDidNotTakeIs503AndAnOpenBreakerSaysWhenToComeBack() {
        PublishedOrderCommands timedOut = new PublishedOrderCommands((topic, key, value, headers) -> {
            throw new PublishFailedException("not acknowledged within 5s", null);
        }, TOPICS.orderCommands());
        PublishedOrderCommands breakerOpen = new PublishedOrderCommands((topic, key, value, headers) -> {
            throw new CircuitOpenException(Duration.ofSeconds(12));
        }, TOPICS.orderCommands());

        assertThatThrownBy(() -> timedOut.send(CONFIRM, Map.of())).isInstanceOfSatisfying(RequestRejected.class,
                rejected -> {
                    assertThat(rejected.status().code()).isEqualTo(503);
                    assertThat(rejected.getMessage()).contains("confirm could not be sent");
                });
        assertThatThrownBy(() -> breakerOpen.send(CONFIRM, Map.of())).isInstanceOfSatisfying(RequestRejected.class,
                rejected -> assertThat(rejected.headers().values()).contains("12"));
    }
}
