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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /v1/lag[?group=G...]}: consumer lag measured now, per group with its total and per
 * partition. Without {@code group}, Surge's own groups and LAG_GROUPS; with it, any groups named.
 */
public final class LagService implements HttpService {

    public static final String PATH = "/v1/lag";

    private final ConsumerLag lag;
    private final List<String> defaultGroups;

    public LagService(ConsumerLag lag, List<String> defaultGroups) {
        this.lag = lag;
        this.defaultGroups = List.copyOf(defaultGroups);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, ApiHandler.of(this::report)).any(PATH, HttpErrors.methodNotAllowed(Method.GET));
    }

    private void report(ServerRequest request, ServerResponse response, String correlationId)
            throws RequestRejected {
        List<String> asked = request.query().all("group", List::of).stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(String::trim).filter(group -> !group.isEmpty()).toList();
        List<String> groups = asked.isEmpty() ? defaultGroups : asked;
        Map<String, List<PartitionLag>> byGroup = new LinkedHashMap<>();
        groups.forEach(group -> byGroup.put(group, new ArrayList<>()));
        try {
            lag.measure(groups).forEach(row -> byGroup.get(row.group()).add(row));
        } catch (IllegalStateException e) {
            throw new RequestRejected(Status.SERVICE_UNAVAILABLE_503, "lag_unavailable", e.getMessage(), List.of(),
                    Map.of());
        }

        List<GroupLag> answer = new ArrayList<>();
        byGroup.forEach((group, partitions) -> answer.add(GroupLag.of(group, partitions)));
        JsonBody.send(response, Status.OK_200, new LagReport(Instant.now().toString(), answer));
    }

    record LagReport(String measuredAt, List<GroupLag> groups) {
    }

    /** A group with no committed offsets (unknown, or never committed) has no partitions and lag 0. */
    record GroupLag(String group, long lag, Double maxTimeLagSeconds, List<PartitionLag> partitions) {

        static GroupLag of(String group, List<PartitionLag> partitions) {
            long total = partitions.stream().mapToLong(PartitionLag::lag).sum();
            Double max = partitions.stream().map(PartitionLag::timeLagSeconds)
                    .filter(Objects::nonNull).max(Double::compare).orElse(0.0);
            return new GroupLag(group, total, max, partitions);
        }
    }
}
