package dev.surge.ingress;

import dev.surge.config.EventSettings;
import dev.surge.config.SurgeConfig;
import dev.surge.schemas.MessageValidator;
import dev.surge.schemas.Topics;
import java.time.Duration;

/**
 * What the ingress's HTTP services share: where records go, how input is checked, how much is read,
 * the guards at the edge (rate limits, idempotency), the analytics events' limits and the meters.
 */
public record IngressContext(RecordPublisher publisher, MessageValidator validator, Topics topics, long maxBodyBytes,
                             RateLimitGuard rateLimits, IdempotencyGuard idempotency, EventSettings events,
                             IngressMetrics metrics) {

    public IngressContext {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
    }

    /**
     * @param publisher the producer, already behind its circuit breaker
     * @param stores    Redis or in-process stores
     */
    public static IngressContext from(SurgeConfig config, RecordPublisher publisher, EdgeStores stores,
                                      IngressMetrics metrics) {
        StoreFailurePolicy failures = new StoreFailurePolicy(config.ingress().redis().failClosed(), metrics);
        // A claim must outlive the slowest request (one produce timeout) or a retry could publish twice.
        Duration inFlightTtl = config.kafka().produceTimeout().multipliedBy(2).plusSeconds(5);
        return new IngressContext(publisher,
                new MessageValidator(config.orders().maxQuantity(), config.events().maxEventBytes()),
                config.topics(),
                config.http().maxBodyBytes(),
                new RateLimitGuard(stores.rateLimiter(), config.ingress().rateLimits(), failures, metrics),
                new IdempotencyGuard(stores.idempotency(), config.ingress().idempotencyTtl(), inFlightTtl, failures,
                        metrics),
                config.events(),
                metrics);
    }
}
