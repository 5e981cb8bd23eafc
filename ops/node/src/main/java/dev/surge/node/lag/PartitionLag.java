package dev.surge.node.lag;

/**
 * One partition a consumer group reads: where the group is ({@code committed}), where the log ends
 * for a read_committed reader ({@code end}), the records between, and how old the oldest of them is.
 *
 * @param lag             {@code end - committed}, or 0 when only transaction markers lie between
 *                        (an exactly-once group that is caught up sits one marker behind the end)
 * @param timeLagSeconds  seconds since the oldest unconsumed record was written (an estimate of
 *                        how far behind the group is in time); 0 when caught up, null when the
 *                        record could not be read within the probe's time
 */
public record PartitionLag(String group, String topic, int partition, long committed, long end, long lag,
                           Double timeLagSeconds) {
}
