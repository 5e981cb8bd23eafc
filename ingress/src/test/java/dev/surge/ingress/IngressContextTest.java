package dev.surge.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.SurgeConfig;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressContextTest {

    private final RecordPublisher publisher = new InMemoryPublisher();

    @Test
    void takesPrefixAndBodyLimitFromConfig() {
        SurgeConfig config = SurgeConfig.load(Map.of("TOPIC_PREFIX", "flash.", "HTTP_MAX_BODY_BYTES", "2048"), Map.of());

        IngressContext context = IngressContext.from(config, publisher, EdgeStores.inProcess(), IngressMetrics.discarding());

        assertThat(context.topics().orders().name()).isEqualTo("flash.orders");
        assertThat(context.topics().inventoryCommands().name()).isEqualTo("flash.inventory-commands");
        assertThat(context.maxBodyBytes()).isEqualTo(2048);
        assertThat(context.topics().events().name()).isEqualTo("flash.events");
        assertThat(context.events().maxBatch()).isEqualTo(1000);
        assertThat(context.publisher()).isSameAs(publisher);
    }

    @Test
    void refusesANonPositiveBodyLimit() {
        assertThatThrownBy(() -> new IngressContext(publisher, new MessageValidator(10), Topics.withPrefix(""), 0,
                null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
