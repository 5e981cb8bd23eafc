package dev.surge.tools.reset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.GroupType;

/**
 * The consumer group of the Kafka Streams application (its id is APPLICATION_ID) as the broker
 * describes it: classic protocol by default, {@code streams} when the processors run with
 * {@code STREAMS_GROUP_PROTOCOL=streams}; absent when the application never committed.
 */
record ApplicationGroup(String id, Optional<GroupType> type, String state, List<Member> members) {

    /** One consumer of the group: a stream thread of some processor. */
    record Member(String clientId, String host) {
    }

    static ApplicationGroup absent(String id) {
        return new ApplicationGroup(id, Optional.empty(), "none", List.of());
    }

    boolean exists() {
        return type.isPresent();
    }

    boolean streamsProtocol() {
        return type.filter(t -> t == GroupType.STREAMS).isPresent();
    }

    /** {@code consumer group surge (classic protocol, Empty)}, or that there is none. */
    String describe() {
        if (!exists()) {
            return "consumer group " + id + ": none (nothing committed yet)";
        }
        return "consumer group " + id + " (" + type.get().toString().toLowerCase(Locale.ROOT) + " protocol, "
                + state + ")";
    }

    /** Why reset refuses while the group has members, naming them by host; empty when it has none. */
    Optional<String> refusal() {
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> byHost = new TreeMap<>();
        for (Member member : members) {
            String host = member.host() == null || member.host().isBlank() ? "(unknown host)"
                    : member.host().startsWith("/") ? member.host().substring(1) : member.host();
            byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(member.clientId());
        }
        StringBuilder text = new StringBuilder("refusing: processors are running: " + id + " has "
                + members.size() + " active member(s) on " + byHost.size() + " host(s):\n");
        byHost.forEach((host, clients) -> text.append("  ").append(host).append(": ")
                .append(String.join(", ", clients.stream().sorted().toList())).append('\n'));
        text.append("Stop every processor (role processor or all) first, then run reset again. A processor that\n"
                + "stopped a moment ago stays a member until its session times out (session.timeout.ms, 45 s\n"
                + "by default): wait that long and try again.");
        return Optional.of(text.toString());
    }
}
