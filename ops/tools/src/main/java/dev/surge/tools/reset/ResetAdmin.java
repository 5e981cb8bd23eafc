package dev.surge.tools.reset;

import dev.surge.tools.KafkaAnswers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What reset reads from and does to Kafka, through the Admin client alone: the group, its
 * committed offsets, the input topics' log bounds; then the offsets moved, the internal topics
 * deleted. Works for a classic group (Kafka Streams' default) and a {@code streams} group alike.
 */
final class ResetAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DELETION_WAIT = Duration.ofSeconds(30);

    private final Admin admin;

    ResetAdmin(Admin admin) {
        this.admin = admin;
    }

    /** Every group id the broker lists (that this client may see). */
    List<String> groupIds() {
        return get(admin.listGroups().all()).stream().map(GroupListing::groupId).sorted().toList();
    }

    ApplicationGroup group(String id) {
        Optional<GroupListing> listing = get(admin.listGroups().all()).stream()
                .filter(g -> g.groupId().equals(id)).findFirst();
        if (listing.isEmpty()) {
            return ApplicationGroup.absent(id);
        }
        GroupType type = listing.get().type().orElse(GroupType.CLASSIC);
        if (type == GroupType.SHARE) {
            throw new IllegalStateException("group " + id + " is a share group, not a Kafka Streams application's:"
                    + " is APPLICATION_ID right?");
        }
        if (type == GroupType.STREAMS) {
            var description = get(admin.describeStreamsGroups(List.of(id)).describedGroups().get(id));
            return new ApplicationGroup(id, Optional.of(type), description.groupState().toString(),
                    description.members().stream()
                            .map(m -> new ApplicationGroup.Member(m.clientId(), m.clientHost())).toList());
        }
        var description = get(admin.describeConsumerGroups(List.of(id)).describedGroups().get(id));
        return new ApplicationGroup(id, Optional.of(type), description.groupState().toString(),
                description.members().stream()
                        .map(m -> new ApplicationGroup.Member(m.clientId(), m.host())).toList());
    }

    /** The group's committed offsets, null-free; none when the group does not exist. */
    Map<TopicPartition, Long> committed(ApplicationGroup group) {
        if (!group.exists()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = group.streamsProtocol()
                ? get(admin.listStreamsGroupOffsets(Map.of(group.id(), new ListStreamsGroupOffsetsSpec()))
                        .partitionsToOffsetAndMetadata(group.id()))
                : get(admin.listConsumerGroupOffsets(group.id()).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                result.put(tp, offset.offset());
            }
        });
        return result;
    }

    Set<String> topics() {
        return get(admin.listTopics().names());
    }

    /**
     * Each input topic with every partition's committed offset, start and end.
     *
     * @param names topic name → what it is to the topology (empty when obvious)
     */
    List<InputTopic> inputs(Map<String, String> names, Map<TopicPartition, Long> committed) {
        Map<String, TopicDescription> described = get(admin.describeTopics(names.keySet()).allTopicNames());
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(d -> d.partitions()
                .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        Map<TopicPartition, ListOffsetsResultInfo> earliest = get(admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()))).all());
        Map<TopicPartition, ListOffsetsResultInfo> end = get(admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all());
        List<InputTopic> result = new ArrayList<>();
        names.forEach((name, note) -> result.add(new InputTopic(name, note, partitions.stream()
                .filter(tp -> tp.topic().equals(name))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .map(tp -> new InputTopic.Partition(tp.partition(), committed.get(tp), earliest.get(tp).offset(),
                        end.get(tp).offset()))
                .toList())));
        return result;
    }

    /** Sets the group's committed offsets of every input partition to that partition's earliest offset. */
    void resetOffsets(ApplicationGroup group, List<InputTopic> inputs) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        inputs.forEach(topic -> offsets.putAll(topic.earliestOffsets()));
        if (group.streamsProtocol()) {
            get(admin.alterStreamsGroupOffsets(group.id(), offsets).all());
        } else {
            get(admin.alterConsumerGroupOffsets(group.id(), offsets).all());
        }
    }

    /** Removes the group's committed offsets on the given partitions (of topics about to be deleted). */
    void deleteOffsets(ApplicationGroup group, Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        if (group.streamsProtocol()) {
            get(admin.deleteStreamsGroupOffsets(group.id(), partitions).all());
        } else {
            get(admin.deleteConsumerGroupOffsets(group.id(), partitions).all());
        }
    }

    /**
     * Deletes the topics and waits until the broker no longer lists them, so that processors
     * started right after create them afresh rather than meet them half-deleted.
     */
    void deleteTopics(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        get(admin.deleteTopics(names).all());
        long deadline = System.nanoTime() + DELETION_WAIT.toNanos();
        Set<String> left = new HashSet<>(names);
        while (true) {
            left.retainAll(topics());
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deleted, but still listed after " + DELETION_WAIT.toSeconds()
                        + " s: " + left);
            }
            KafkaAnswers.pause(100, "the topics to go");
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        return KafkaAnswers.get(future, TIMEOUT);
    }
}
