package dev.surge.config;

import java.time.Duration;
import java.util.List;

/**
 * What a processor measures on a schedule for operators, beyond the counters it keeps as it works.
 *
 * @param interval          how often consumer lag, the DLQ backlog and inventory levels are measured
 * @param extraLagGroups    consumer groups watched besides Surge's own (the Streams application and its DLQ group)
 * @param inventoryItems    the items whose level is exported; empty = the {@code inventoryTopItems} hottest
 * @param inventoryTopItems how many items, those with the most units reserved, are exported when no list is set
 */
public record MonitoringSettings(Duration interval, List<String> extraLagGroups, List<String> inventoryItems,
                                 int inventoryTopItems) {

    public MonitoringSettings {
        extraLagGroups = List.copyOf(extraLagGroups);
        inventoryItems = List.copyOf(inventoryItems);
    }
}
