package dev.surge.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.schemas.Metric;
import org.junit.jupiter.api.Test;

class MetricSelectionTest {

    @Test
    void theTotalHasTheOneValueAll() {
        MetricSelection total = MetricSelection.every(Metric.ACTIVE_SESSIONS, Metric.Dimension.ALL);

        assertThat(total.oneValue()).isTrue();
        assertThat(total.key().encode()).isEqualTo("active_sessions|all|all");
        assertThatThrownBy(() -> new MetricSelection(Metric.EVENTS, Metric.Dimension.ALL, "page_view"))
                .hasMessageContaining("'all'");
    }

    @Test
    void everyValueIsReadByPrefix() {
        MetricSelection types = MetricSelection.every(Metric.EVENTS, Metric.Dimension.EVENT_TYPE);

        assertThat(types.oneValue()).isFalse();
        assertThat(types.prefix()).isEqualTo("events|event_type|");
    }

    @Test
    void onlyTheMetricsOwnDimensions() {
        assertThatThrownBy(() -> MetricSelection.every(Metric.ACTIVE_USERS, Metric.Dimension.EVENT_TYPE_ACTION))
                .hasMessage("active_users has no dimension event_type:event_action");
    }
}
