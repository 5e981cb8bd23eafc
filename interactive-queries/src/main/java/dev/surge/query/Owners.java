package dev.surge.query;

import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Whether Kafka Streams knows who owns a key: an owner to read from or to ask, not a placeholder. */
final class Owners {

    private Owners() {
    }

    /**
     * Besides {@link KeyQueryMetadata#NOT_AVAILABLE}, Streams may name {@link HostInfo#unavailable()}
     * (seen with {@code group.protocol=streams} before every member's endpoint is known): no owner either.
     */
    static boolean known(KeyQueryMetadata meta) {
        if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
            return false;
        }
        HostInfo owner = meta.activeHost();
        return owner != null && owner.host() != null && owner.port() > 0 && !HostInfo.unavailable().equals(owner);
    }
}
