package dev.surge.query;

import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What a key lookup over the topology's stores found: the value, another owner, nothing, a
 * replica's possibly older answer, or no answer yet.
 */
public sealed interface QueryResult<T> {

    /** The same answer with a found value turned into another; the other answers carry over unchanged. */
    default <U> QueryResult<U> map(Function<? super T, ? extends U> change) {
        return switch (this) {
            case Found<T> found -> new Found<>(change.apply(found.value()));
            case Remote<T> remote -> new Remote<>(remote.owner(), remote.standbys());
            case Stale<T> stale -> new Stale<>(stale.value() == null ? null : change.apply(stale.value()), stale.lag());
            case NotFound<T> missing -> new NotFound<>();
            case Unavailable<T> unavailable -> new Unavailable<>(unavailable.reason());
        };
    }

    /**
     * The same answer with a value the caller may not see turned into "not found": to that caller
     * the key does not exist, whichever replica holds it.
     */
    default QueryResult<T> visibleIf(Predicate<? super T> visible) {
        return switch (this) {
            case Found<T> found when !visible.test(found.value()) -> new NotFound<>();
            case Stale<T> stale when stale.value() != null && !visible.test(stale.value()) -> new NotFound<>();
            default -> this;
        };
    }

    record Found<T>(T value) implements QueryResult<T> {
    }

    /** The key belongs to a partition another instance owns; the standbys hold copies of it. */
    record Remote<T>(HostInfo owner, Set<HostInfo> standbys) implements QueryResult<T> {

        public Remote(HostInfo owner) {
            this(owner, Set.of());
        }
    }

    /**
     * From a replica that is not the running owner (a standby, or the owner still restoring),
     * {@code lag} records behind the changelog: what the caller allowed. {@code value} null: not there.
     */
    record Stale<T>(T value, long lag) implements QueryResult<T> {
    }

    record NotFound<T>() implements QueryResult<T> {
    }

    /** The store cannot answer now (starting, rebalancing, restoring): try again shortly. */
    record Unavailable<T>(String reason) implements QueryResult<T> {
    }
}
