package dev.surge.tools.reset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which topics are the application's internal topics: named {@code <APPLICATION_ID>-...-changelog}
 * or {@code <APPLICATION_ID>-...-repartition}, as Kafka Streams names them. A topic that matches
 * but starts with the id of another group that itself starts with {@code <APPLICATION_ID>-} (an
 * application {@code surge-staging} next to {@code surge}) belongs to that group and is left alone.
 */
final class InternalTopics {

    /** The topics to delete, and those that match the pattern but belong to another group. */
    record Selection(List<String> delete, List<String> othersTopics) {
    }

    private InternalTopics() {
    }

    static Selection select(Collection<String> topics, String applicationId, Collection<String> groups) {
        String prefix = applicationId + "-";
        List<String> delete = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String topic : topics.stream().sorted().toList()) {
            if (!topic.startsWith(prefix) || !(topic.endsWith("-changelog") || topic.endsWith("-repartition"))) {
                continue;
            }
            Optional<String> owner = groups.stream()
                    .filter(g -> g.startsWith(prefix) && topic.startsWith(g + "-"))
                    .findFirst();
            if (owner.isPresent()) {
                others.add(topic + " (of " + owner.get() + ")");
            } else {
                delete.add(topic);
            }
        }
        return new Selection(List.copyOf(delete), List.copyOf(others));
    }
}
