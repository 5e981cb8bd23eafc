package dev.surge.ingress;

import dev.surge.config.SurgeConfig;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Topics;

/** What the ingress's HTTP services share: where records go, how input is checked, how much is read. */
public record IngressContext(RecordPublisher publisher, MessageValidator validator, Topics topics, long maxBodyBytes) {

    public IngressContext {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
    }

    public static IngressContext from(SurgeConfig config, RecordPublisher publisher) {
        return new IngressContext(publisher,
                new MessageValidator(config.orders().maxQuantity()),
                Topics.withPrefix(config.kafka().topicPrefix()),
                config.http().maxBodyBytes());
    }
}
