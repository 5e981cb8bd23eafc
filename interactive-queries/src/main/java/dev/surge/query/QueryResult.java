package dev.surge.query;

import org.apache.kafka.streams.state.HostInfo;

/** What a key lookup over the topology's stores found: the value, another owner, nothing, or no answer yet. */
public sealed interface QueryResult<T> {

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
