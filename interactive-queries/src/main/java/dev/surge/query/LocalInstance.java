package dev.surge.query;

import dev.surge.query.InstanceReport.StoreReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;

/** This instance's {@link InstanceReport}, read from its running Kafka Streams client. */
public final class LocalInstance {

    private final KafkaStreams streams;
    private final String address;
    /** Which stores each subtopology holds: a task's partition is the partition of each of them. */
    private final Map<Integer, Set<String>> storesBySubtopology = new HashMap<>();

    public LocalInstance(KafkaStreams streams, TopologyDescription topology, String address) {
        this.streams = streams;
        this.address = address;
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            Set<String> stores = new TreeSet<>();
            subtopology.nodes().forEach(node -> {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            });
            storesBySubtopology.put(subtopology.id(), stores);
        }
    }

    public String address() {
        return address;
    }

    public InstanceReport report() {
        Map<String, Set<Integer>> active = new TreeMap<>();
        Map<String, Set<Integer>> standby = new TreeMap<>();
        Map<String, Map<Integer, LagInfo>> lags = Map.of();
        try {
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                thread.activeTasks().forEach(task -> add(active, task));
                thread.standbyTasks().forEach(task -> add(standby, task));
            }
            lags = streams.allLocalStorePartitionLags();
        } catch (RuntimeException e) {
            // Not running (starting, stopping): the state says so; the stores are then unknown.
        }
        Map<String, StoreReport> stores = new TreeMap<>();
        Set<String> names = new TreeSet<>(active.keySet());
        names.addAll(standby.keySet());
        for (String store : names) {
            Map<Integer, Long> lag = new TreeMap<>();
            lags.getOrDefault(store, Map.of()).forEach((partition, info) -> lag.put(partition, info.offsetLag()));
            stores.put(store, new StoreReport(sorted(active.get(store)), sorted(standby.get(store)), lag));
        }
        return new InstanceReport(address, streams.state().name(), stores);
    }

    private void add(Map<String, Set<Integer>> byStore, TaskMetadata task) {
        for (String store : storesBySubtopology.getOrDefault(task.taskId().subtopology(), Set.of())) {
            byStore.computeIfAbsent(store, s -> new TreeSet<>()).add(task.taskId().partition());
        }
    }

    private static List<Integer> sorted(Set<Integer> partitions) {
        return partitions == null ? List.of() : new ArrayList<>(partitions);
    }
}
