package dev.surge.tools.reset;

import dev.surge.node.dlq.DlqBacklog;
import dev.surge.schemas.Topics;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** What reset would do, read before doing any of it. */
record ResetPlan(ApplicationGroup group, List<InputTopic> inputs, Map<TopicPartition, Long> committed,
                 InternalTopics.Selection internal, LocalState local, List<String> missing) {

    /** Why a reset over truncated input needs --force. */
    static final String RETENTION_RISK = """
            retention removed the first records, and state rebuilt without them differs from today's:
            orders taken in them are not counted, so their units become available again and are sold
            a second time (stock set or restocked in them is missing too), and metrics come back smaller.
            Restore the topics from a backup first (docs/runbook.md), or pass --force to reset anyway.""";

    /**
     * Input partitions (orders, inventory-commands, events) whose log no longer starts at 0.
     * order-results is left out: the status table reads it back, and the topology writes every
     * result again as it reprocesses.
     */
    List<String> truncated(Topics topics) {
        List<String> truncated = new ArrayList<>();
        inputs.stream().filter(t -> !t.name().equals(topics.orderResults().name()))
                .forEach(t -> truncated.addAll(t.truncated()));
        return truncated;
    }

    void print(String bootstrap, Topics topics, PrintStream out) {
        out.println("reset of application " + group.id() + " on " + bootstrap + ", " + group.describe());
        if (group.exists()) {
            out.println("  offsets of the group → earliest:");
            int width = inputs.stream().mapToInt(t -> t.name().length()).max().orElse(0);
            inputs.forEach(topic -> out.println("    " + topic.line(width)));
        } else {
            out.println("  offsets: none to reset; the processors start from the earliest offsets anyway");
        }
        if (internal.delete().isEmpty()) {
            out.println("  internal topics: none to delete");
        } else {
            out.println("  internal topics to delete (" + internal.delete().size() + "):");
            internal.delete().forEach(t -> out.println("    " + t));
        }
        if (!internal.othersTopics().isEmpty()) {
            out.println("  left alone, another application's: " + String.join(", ", internal.othersTopics()));
        }
        out.println(local.exists()
                ? "  local state directory to delete: " + local.dir()
                : "  local state directory: none at " + local.dir() + " (nothing to delete on this host)");
        out.println("  other processor hosts: delete STATE_DIR/" + group.id() + " on each before starting it."
                + " Kafka Streams\n    does not notice a reset by itself: it rebuilds a task only when its local"
                + " state is ahead of\n    the changelog, and a task whose new changelog is still empty keeps its"
                + " old state (its stock,\n    its seen orders), which the orders read again are then decided"
                + " against");
        out.println("  not touched: " + topics.ordersDlq().name() + ", " + topics.eventsDlq().name() + ", "
                + topics.metricsDaily().name() + ", " + topics.metricsHourly().name() + ", " + topics.audit().name()
                + ", group "
                + DlqBacklog.groupId(group.id()));
        List<String> truncated = truncated(topics);
        if (!truncated.isEmpty()) {
            out.println("  WARNING: the input no longer starts at offset 0 on " + String.join(", ", truncated) + ":\n"
                    + RETENTION_RISK.indent(4).stripTrailing());
        }
        out.println("  afterwards downstream consumers see results again: " + topics.orderResults().name()
                + " gets every order's result again,\n  " + topics.metricsDaily().name() + " and "
                + topics.metricsHourly().name() + " every row again (counting up from zero as the events are"
                + " read again),\n  " + topics.ordersDlq().name() + " and " + topics.eventsDlq().name()
                + " every bad record again (pending for " + DlqBacklog.groupId(group.id()) + ")");
    }
}
