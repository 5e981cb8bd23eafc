package dev.surge.query;

import java.util.List;
import java.util.Map;

/**
 * One instance as it sees itself: where it is, its Streams state, and per store the partitions it
 * holds actively and as a standby, with how far each copy is behind its changelog (records).
 */
public record InstanceReport(String address, String state, Map<String, StoreReport> stores) {

    public record StoreReport(List<Integer> active, List<Integer> standby, Map<Integer, Long> lag) {
    }
}
