package dev.surge.tools.bench.http;

import dev.surge.node.SurgeNode;
import dev.surge.schemas.Topics;
import dev.surge.tools.bench.BenchContext;

/**
 * The Surge an HTTP scenario measures: its URL, and the Kafka cluster and topics where the bench
 * checks what became of the orders. Either the one the bench started, or {@code --target} with
 * {@code --bootstrap-servers} and {@code --topic-prefix}.
 */
record SurgeTarget(String baseUrl, String bootstrapServers, Topics topics) {

    static SurgeTarget of(BenchContext context) throws Exception {
        String url = context.surgeUrl();
        SurgeNode node = context.surgeNode();
        if (node != null) {
            return new SurgeTarget(url, node.bootstrapServers(),
                    node.config().topics());
        }
        return new SurgeTarget(url, context.bootstrapServers(), Topics.withPrefix(context.options().topicPrefix()));
    }
}
