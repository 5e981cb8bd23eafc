package dev.surge.tools.bench.orders;

import dev.surge.config.SurgeConfig;
import dev.surge.tools.bench.BenchContext;
import dev.surge.topology.ProcessingOutcomes;
import dev.surge.topology.TopologyRunner;
import dev.surge.topology.TopologySettings;

/**
 * Surge's order topology working through a backlog: its own rate (validate, dedup, reserve,
 * result, status table) with exactly-once and Surge's settings.
 */
public final class TopologyScenario extends CatchUp {

    private final String name;
    private final boolean hot;

    private TopologyScenario(String name, boolean hot) {
        this.name = name;
        this.hot = hot;
    }

    /** Orders spread over {@code --items} items. */
    public static TopologyScenario uniform() {
        return new TopologyScenario("topology", false);
    }

    /** Every order for one item: one task does all the work. */
    public static TopologyScenario hot() {
        return new TopologyScenario("hot", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return hot ? "the order topology through --orders orders pre-produced for ONE item (a hot sale)"
                : "the order topology through --orders orders pre-produced over --items items (exactly-once)";
    }

    @Override
    int items(BenchContext context) {
        return hot ? 1 : super.items(context);
    }

    @Override
    Running start(BenchContext context, SurgeConfig config, OrderBacklog backlog) {
        TopologyRunner topology = new TopologyRunner(TopologySettings.from(config), context.bootstrapServers(), (orderId, result) -> { },
                ProcessingOutcomes.NONE);
        topology.start();
        return topology::close;
    }
}
