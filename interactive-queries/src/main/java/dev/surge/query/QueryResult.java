package dev.surge.query;

import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/** What a key lookup over the topology's stores found: the value, another owner, nothing, or no answer yet. */
public sealed interface QueryResult<T> {

    /** The same answer with a found value turned into another; the other answers carry over unchanged. */
    default <U> QueryResult<U> map(Function<? super T, ? extends U> change) {
        return switch (this) {
            case Found<T> found -> new Found<>(change.apply(found.value()));
            case Remote<T> remote -> new Remote<>(remote.owner());
            case NotFound<T> missing -> new NotFound<>();
            case Unavailable<T> unavailable -> new Unavailable<>(unavailable.reason());
        };
    }

    record Found<T>(T value) implements QueryResult<T> {
    }

    /** The key belongs to a partition another instance owns. */
    record Remote<T>(HostInfo owner) implements QueryResult<T> {
    }

    record NotFound<T>() implements QueryResult<T> {
    }

    /** The store cannot answer now (starting, rebalancing, restoring): try again shortly. */
    record Unavailable<T>(String reason) implements QueryResult<T> {
    }
}
