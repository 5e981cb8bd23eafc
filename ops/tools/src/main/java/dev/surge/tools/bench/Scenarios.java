package dev.surge.tools.bench;

import dev.surge.tools.bench.http.EndToEndScenario;
import dev.surge.tools.bench.http.EventsScenario;
import dev.surge.tools.bench.http.HttpBaseline;
import dev.surge.tools.bench.http.IngressScenario;
import dev.surge.tools.bench.http.QueriesScenario;
import dev.surge.tools.bench.orders.PassThroughBaseline;
import dev.surge.tools.bench.orders.RedisLuaBaseline;
import dev.surge.tools.bench.orders.TopologyScenario;
import java.util.List;
import java.util.Optional;

/** Every scenario {@code surge bench} knows, in the order {@code all} runs them. */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                TopologyScenario.uniform(),
                TopologyScenario.hot(),
                new PassThroughBaseline(),
                new RedisLuaBaseline(),
                // Each HTTP scenario next to the baseline it is compared with.
                new IngressScenario(),
                HttpBaseline.produce(),
                new EndToEndScenario(),
                new QueriesScenario(),
                HttpBaseline.get(),
                new EventsScenario());
    }

    public static Optional<Scenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
