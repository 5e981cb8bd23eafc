package dev.surge.node.lag;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.JsonBody;
import dev.surge.http.RequestRejected;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /v1/lag[?group=G...]} (admin): the watched groups' consumer lag, per group with its total
 * and per partition, as last measured on the monitoring schedule, with the measurement's age. A
 * request never measures: it would wait on the broker (seconds, when it is gone) and name to Kafka
 * whatever group a caller chose, through Surge's own principal. Only the watched groups (Surge's
 * own and LAG_GROUPS) may be asked for; without {@code group}, all of them.
 */
public final class LagService implements HttpService {

    public static final String PATH = "/v1/lag";
    /** Long enough for any real group name; longer ones are cut in the error that echoes them. */
    private static final int MAX_ECHOED = 64;

    private final Supplier<Optional<LagReading>> latest;
    private final List<String> watched;
    private final Duration interval;

    /**
     * @param latest   the schedule's last measurement of {@code watched}
     * @param interval how often it is measured (MONITOR_INTERVAL), said when there is none yet
     */
    public LagService(Supplier<Optional<LagReading>> latest, List<String> watched, Duration interval) {
        this.latest = latest;
        this.watched = List.copyOf(watched);
        this.interval = interval;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, ApiHandler.of(this::report)).any(PATH, HttpErrors.methodNotAllowed(Method.GET));
    }

    private void report(ServerRequest request, ServerResponse response, String correlationId)
            throws RequestRejected {
        List<String> groups = askedGroups(request);
        LagReading reading = latest.get().orElseThrow(() -> new RequestRejected(Status.SERVICE_UNAVAILABLE_503,
                "lag_unavailable", "consumer lag has not been measured yet (every " + interval.toSeconds()
                        + " s; is Kafka reachable?)", List.of(), Map.of()));
        Map<String, List<PartitionLag>> byGroup = new LinkedHashMap<>();
        groups.forEach(group -> byGroup.put(group, new ArrayList<>()));
        reading.partitions().stream().filter(row -> byGroup.containsKey(row.group()))
                .forEach(row -> byGroup.get(row.group()).add(row));

        List<GroupLag> answer = new ArrayList<>();
        byGroup.forEach((group, partitions) -> answer.add(GroupLag.of(group, partitions)));
        double age = Math.max(0, Duration.between(reading.measuredAt(), Instant.now()).toMillis()) / 1000.0;
        JsonBody.send(response, Status.OK_200, new LagReport(reading.measuredAt().toString(), age, answer));
    }

    /** The groups named, each one watched; none named means every watched group. */
    private List<String> askedGroups(ServerRequest request) throws RequestRejected {
        List<String> asked = request.query().all("group", List::of).stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(String::trim).filter(group -> !group.isEmpty()).distinct().toList();
        for (String group : asked) {
            if (!watched.contains(group)) {
                String shown = group.length() > MAX_ECHOED ? group.substring(0, MAX_ECHOED) + "..." : group;
                throw RequestRejected.invalidParameter("group", "'" + shown + "' is not a watched consumer group;"
                        + " one of " + String.join(", ", watched) + " (LAG_GROUPS adds others)");
            }
        }
        return asked.isEmpty() ? watched : asked;
    }

    record LagReport(String measuredAt, double ageSeconds, List<GroupLag> groups) {
    }

    /** A group with no committed offsets (never committed) has no partitions and lag 0. */
    record GroupLag(String group, long lag, Double maxTimeLagSeconds, List<PartitionLag> partitions) {

        static GroupLag of(String group, List<PartitionLag> partitions) {
            long total = partitions.stream().mapToLong(PartitionLag::lag).sum();
            Double max = partitions.stream().map(PartitionLag::timeLagSeconds)
                    .filter(Objects::nonNull).max(Double::compare).orElse(0.0);
            return new GroupLag(group, total, max, partitions);
        }
    }
}
