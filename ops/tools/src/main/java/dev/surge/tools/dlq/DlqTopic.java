package dev.surge.tools.dlq;

import dev.surge.schemas.Topics;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A DLQ topic and the topics whose records the topology dead-letters into it. A replay writes
 * only to one of those: a DLQ header is not trusted to name any topic at all.
 *
 * @param shortName the name without TOPIC_PREFIX, as {@code --topic} takes it
 */
record DlqTopic(String shortName, String name, Set<String> sources) {

    static final String ORDERS = "orders-dlq";
    static final String EVENTS = "events-dlq";

    static List<DlqTopic> all(Topics topics) {
        return List.of(
                new DlqTopic(ORDERS, topics.ordersDlq().name(), Set.of(topics.orders().name(),
                        topics.inventoryCommands().name(), topics.orderCommands().name(),
                        topics.orderResults().name())),
                new DlqTopic(EVENTS, topics.eventsDlq().name(), Set.of(topics.events().name())));
    }

    /** Every DLQ topic, or the one {@code --topic} named. */
    static List<DlqTopic> select(Topics topics, Optional<String> shortName) {
        return all(topics).stream().filter(t -> shortName.map(t.shortName()::equals).orElse(true)).toList();
    }
}
