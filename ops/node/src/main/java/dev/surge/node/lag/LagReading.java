package dev.surge.node.lag;

import java.time.Instant;
import java.util.List;

/** One measurement of the watched groups' lag, and when it was taken: what GET /v1/lag serves until the next. */
public record LagReading(Instant measuredAt, List<PartitionLag> partitions) {

    public LagReading {
        partitions = List.copyOf(partitions);
    }
}
