package dev.surge.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.HeadersBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A RocksDB window store whose changelog offsets live in the task's checkpoint file rather than in
 * its segments. Every window store of the topology is built with {@link #persistent} or, in the DSL,
 * {@link #dslStores}.
 *
 * <p>Why: Kafka Streams 4.3.1 keeps a segmented store's committed offset inside its segments. A window
 * store without segments (the store of an idle partition: no orders for its items, no events yet)
 * has nowhere to keep one, so under exactly-once every reopen of its task finds "stores not empty,
 * no checkpoint" and treats the task as corrupted. When that happens to an active task during a
 * rebalance, Streams cannot commit first, and closing the task aborts the stream thread's shared
 * transaction: the uncommitted results of the thread's other, healthy tasks are aborted while their
 * input positions move on. InstanceLossIT lost 28 to 53 accepted orders that way. A store that says it
 * does not manage its offsets gets Streams' per-store checkpoint file, which records "unknown offset"
 * for an empty changelog, so an idle task reopens cleanly.
 */
public class CheckpointedWindowStore implements WindowStore<Bytes, byte[]> {

    private final WindowStore<Bytes, byte[]> inner;

    private CheckpointedWindowStore(WindowStore<Bytes, byte[]> inner) {
        this.inner = inner;
    }

    /** As {@link Stores#persistentWindowStore}, with offsets kept outside the segments. */
    public static WindowBytesStoreSupplier persistent(String name, Duration retention, Duration windowSize,
                                               boolean retainDuplicates) {
        return wrap(Stores.persistentWindowStore(name, retention, windowSize, retainDuplicates));
    }

    /** For the DSL's windowed aggregations: RocksDB stores, their window stores checkpointed. */
    public static DslStoreSuppliers dslStores() {
        return new BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers() {
            @Override
            public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
                return wrap(super.windowStore(params));
            }
        };
    }

    private static WindowBytesStoreSupplier wrap(WindowBytesStoreSupplier rocksDb) {
        if (rocksDb instanceof HeadersBytesStoreSupplier) {
            // Not a format Surge configures; its builder would see through a plain wrapper.
            return rocksDb;
        }
        return new WindowBytesStoreSupplier() {
            @Override
            public String name() {
                return rocksDb.name();
            }

            @Override
            public WindowStore<Bytes, byte[]> get() {
                WindowStore<Bytes, byte[]> inner = rocksDb.get();
                // The store builders convert formats unless the store says it keeps timestamps.
                return inner instanceof TimestampedBytesStore ? new Timestamped(inner) : new CheckpointedWindowStore(inner);
            }

            @Override
            public String metricsScope() {
                return rocksDb.metricsScope();
            }

            @Override
            public long segmentIntervalMs() {
                return rocksDb.segmentIntervalMs();
            }

            @Override
            public long windowSize() {
                return rocksDb.windowSize();
            }

            @Override
            public boolean retainDuplicates() {
                return rocksDb.retainDuplicates();
            }

            @Override
            public long retentionPeriod() {
                return rocksDb.retentionPeriod();
            }
        };
    }

    /** The same, for a store whose values carry their timestamp. */
    private static final class Timestamped extends CheckpointedWindowStore implements TimestampedBytesStore {
        Timestamped(WindowStore<Bytes, byte[]> inner) {
            super(inner);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public boolean managesOffsets() {
        return false;
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return null;
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        inner.flush();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    @Override
    public void put(Bytes key, byte[] value, long windowStartTimestamp) {
        inner.put(key, value, windowStartTimestamp);
    }

    @Override
    public byte[] fetch(Bytes key, long time) {
        return inner.fetch(key, time);
    }

    @Override
    public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
        return inner.fetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<byte[]> fetch(Bytes key, Instant timeFrom, Instant timeTo) {
        return inner.fetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
        return inner.backwardFetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<byte[]> backwardFetch(Bytes key, Instant timeFrom, Instant timeTo) {
        return inner.backwardFetch(key, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
        return inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom,
                                                           Instant timeTo) {
        return inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom,
                                                                   long timeTo) {
        return inner.backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom,
                                                                   Instant timeTo) {
        return inner.backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
        return inner.all();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
        return inner.backwardAll();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
        return inner.fetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(Instant timeFrom, Instant timeTo) {
        return inner.fetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
        return inner.backwardFetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(Instant timeFrom, Instant timeTo) {
        return inner.backwardFetchAll(timeFrom, timeTo);
    }
}
