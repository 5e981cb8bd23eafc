package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How {@link MonitoringAssets} reads metric names out of PromQL, rule files and dashboards. */
class MonitoringAssetsTest {

    /**
     * The metrics contract's sample names (what GET /metrics shows), and the families whose
     * members come from Kafka's own client metrics. MonitoringIT checks the real scrape; this
     * catches a misspelt name in a rule or a panel without starting Surge.
     */
    private static final Set<String> CONTRACT = Set.of(
            "gateway_orders_received_total", "gateway_orders_successful_total", "gateway_orders_failed_total",
            "gateway_orders_validation_failed_total", "gateway_orders_idempotency_rejected_total",
            "gateway_rate_limited_total", "http_server_request_duration_seconds_bucket",
            "http_server_request_duration_seconds_count", "http_server_request_duration_seconds_sum",
            "http_server_api_key_requests_total", "gateway_circuit_breaker_state", "gateway_idempotency_total",
            "gateway_edge_store_failures_total", "gateway_edge_store_degraded", "gateway_events_received_total",
            "gateway_events_accepted_total", "gateway_events_rejected_total",
            "processor_orders_processed_total", "processor_orders_sold_out_total",
            "processor_orders_moved_to_dlq_total", "processor_events_moved_to_dlq_total",
            "processor_order_processing_duration_seconds_bucket", "processor_order_processing_duration_seconds_count",
            "processor_order_processing_duration_seconds_sum", "processor_events_processed_total",
            "processor_events_over_cap_total",
            "processor_dlq_size", "processor_dlq_oldest_message_age_seconds", "processor_inventory_level",
            "processor_inventory_reserved", "processor_inventory_confirmed", "processor_waitlist_length",
            "processor_order_transitions_total", "processor_order_commands_without_effect_total",
            "processor_holds_ending_soon",
            "processor_streams_state", "processor_stream_thread_replacements_total", "processor_dead_letters_lost_total",
            "processor_consumer_lag_records", "processor_consumer_lag_seconds",
            "jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum",
            "jvm_gc_pause_seconds_max", "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds",
            "system_cpu_usage", "process_files_open_files", "up");
    private static final Pattern KAFKA_CLIENT = Pattern.compile("kafka_(producer|stream)_[a-z0-9_]+");

    @Test
    void functionsKeywordsLabelsDurationsAndStringsAreNotMetricNames() {
        assertThat(MonitoringAssets.metricNames(
                "histogram_quantile(0.95, sum by (route, le) (rate(http_server_request_duration_seconds_bucket"
                        + "{route!=\"/v1/orders/{order_id}\", job=~\"surge.*\"}[5m]))) > 0.2"))
                .containsExactly("http_server_request_duration_seconds_bucket");
        assertThat(MonitoringAssets.metricNames(
                "sum(rate(a_total[5m])) / (sum(rate(b_total[5m])) > 0) > 0.10"))
                .containsExactly("a_total", "b_total");
        assertThat(MonitoringAssets.metricNames(
                "sum by (group) (max by (group, topic, partition) (lag)) > 0\nand\n"
                        + "deriv(sum by (group) (max by (group, topic, partition) (lag))[10m:1m]) > 0"))
                .containsExactly("lag");
        assertThat(MonitoringAssets.metricNames(
                "sum without (instance) (rate(x_total[$__rate_interval] offset 1h30m)) * on (job) group_left (team)"
                        + " team_info or vector(0) unless bool_metric and ignoring (a) y == bool 1e3 + 0x1F - Inf"))
                .containsExactly("bool_metric", "team_info", "x_total", "y");
        assertThat(MonitoringAssets.metricNames(
                "label_replace(up{job=\"surge\"}, \"dst\", \"$1 rate(fake_metric)\", \"src\", \"(.*)\") # a comment_name"))
                .containsExactly("up");
        assertThat(MonitoringAssets.metricNames("count(min by (item_id) (inv) < 10) or vector(0)"))
                .containsExactly("inv");
        assertThat(MonitoringAssets.metricNames("SUM BY (le) (job:requests:rate5m) @ start()"))
                .containsExactly("job:requests:rate5m");
    }

    @Test
    void ruleExpressionsAreReadInlineQuotedAndAsBlocks() {
        String yaml = """
                groups:
                  - name: g
                    rules:
                      - alert: One
                        expr: up{job=~"surge.*"} == 0
                        for: 1m
                      - alert: Two
                        expr: |
                          sum(rate(a_total[5m]))
                            /
                          sum(rate(b_total[5m]))
                        labels:
                          severity: warning
                      - record: job:a:rate5m
                        expr: 'sum by (job) (rate(a_total[5m]))'
                      - alert: "Three"
                        expr: "c > 1"
                """;
        assertThat(MonitoringAssets.ruleExpressions(yaml)).containsExactly(
                "up{job=~\"surge.*\"} == 0",
                "sum(rate(a_total[5m]))\n/\nsum(rate(b_total[5m]))",
                "sum by (job) (rate(a_total[5m]))",
                "c > 1");
        assertThat(MonitoringAssets.alertNames(yaml)).containsExactly("One", "Two", "Three");
        assertThat(MonitoringAssets.recordedNames(yaml)).containsExactly("job:a:rate5m");
    }

    @Test
    void exportedNamesAreTheSampleNamesOfTheScrape() {
        String scrape = """
                # HELP http_server_request_duration_seconds HTTP requests
                # TYPE http_server_request_duration_seconds histogram
                http_server_request_duration_seconds_bucket{method="POST",route="/v1/orders",le="0.005"} 0
                http_server_request_duration_seconds_count{method="POST",route="/v1/orders"} 3
                http_server_request_duration_seconds_sum{method="POST",route="/v1/orders"} 0.1
                process_cpu_usage 0.25

                up 1
                """;
        assertThat(MonitoringAssets.exportedNames(scrape)).containsExactly(
                "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_count",
                "http_server_request_duration_seconds_sum", "process_cpu_usage", "up");
    }

    @Test
    void theAlertsAndDashboardsQueryOnlyContractMetrics() {
        SortedSet<String> referenced = new java.util.TreeSet<>(MonitoringAssets.referencedMetrics().keySet());
        assertThat(referenced).contains("up", "gateway_circuit_breaker_state", "processor_dlq_size",
                "processor_consumer_lag_records", "http_server_request_duration_seconds_bucket",
                "processor_order_processing_duration_seconds_bucket", "processor_inventory_level",
                "processor_streams_state", "kafka_producer_record_send_total");
        List<String> outside = referenced.stream()
                .filter(name -> !CONTRACT.contains(name) && !KAFKA_CLIENT.matcher(name).matches())
                .toList();
        assertThat(outside).as("names outside the metrics contract, with where they are used: %s",
                MonitoringAssets.referencedMetrics()).isEmpty();
        assertThat(MonitoringAssets.metricsSurgeMustExport()).doesNotContain("up")
                .allSatisfy(name -> assertThat(name).matches("[a-z_][a-z0-9_]*"));
    }

    @Test
    void everyAlertOfTheRuleFileHasAnExpression() {
        String rules = MonitoringAssets.read(MonitoringAssets.alertsFile());
        assertThat(MonitoringAssets.alertNames(rules)).hasSize(12).doesNotHaveDuplicates();
        assertThat(MonitoringAssets.ruleExpressions(rules)).hasSize(12).allSatisfy(expr ->
                assertThat(MonitoringAssets.metricNames(expr)).isNotEmpty());
    }
}
