package dev.surge.schemas;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name with the serdes of its key and value, kept together so they cannot drift apart. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
