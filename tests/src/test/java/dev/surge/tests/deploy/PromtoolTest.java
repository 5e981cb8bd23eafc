package dev.surge.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.surge.tests.RequiredProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration, alert rules and Grafana dashboards under {@code ops/} are valid:
 * {@code promtool} checks the configs and rules and runs the rules' unit tests
 * ({@code alerts_test.yml}); the dashboards parse, have unique uids and query the {@code prometheus}
 * datasource. Without promtool the test fails and says how to install it.
 */
class PromtoolTest {

    private static final Path PROMETHEUS = Path.of("..", "ops", "prometheus");
    private static final Path GRAFANA = Path.of("..", "ops", "grafana");
    private static final Path DASHBOARDS = GRAFANA.resolve("dashboards");
    private static final String DATASOURCE_UID = "prometheus";
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*-\\s*alert:\\s*(\\S+)\\s*$");
    private static final Pattern RUNBOOK = Pattern.compile("(?m)^\\s*runbook_url:\\s*\"?([^\"\\s]+)\"?\\s*$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void composeConfigIsValid() {
        promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
    }

    @Test
    void localConfigIsValid() {
        promtool("check", "config", PROMETHEUS.resolve("prometheus-local.yml").toString());
    }

    /** Run from another directory, as an operator would: rule_files resolve against the config's own directory. */
    @Test
    void ruleFilesResolveAgainstTheConfigFileNotTheWorkingDirectory() throws IOException {
        Path elsewhere = Files.createTempDirectory("promtool-cwd");
        try {
            String out = promtool(elsewhere, "check", "config",
                    PROMETHEUS.resolve("prometheus.yml").toAbsolutePath().normalize().toString());
            assertThat(out).contains("SUCCESS: 1 rule files found").containsPattern("SUCCESS: \\d+ rules found");
        } finally {
            Files.deleteIfExists(elsewhere);
        }
    }

    @Test
    void alertRulesAreValid() {
        promtool("check", "rules", PROMETHEUS.resolve("alerts.yml").toString());
    }

    @Test
    void alertRuleUnitTestsPass() {
        promtool("test", "rules", PROMETHEUS.resolve("alerts_test.yml").toString());
    }

    /** Each alert has a test that expects it and one that expects nothing, and its runbook anchor. */
    @Test
    void everyAlertIsTestedAndPointsAtItsRunbookSection() throws IOException {
        String rules = Files.readString(PROMETHEUS.resolve("alerts.yml"));
        String tests = Files.readString(PROMETHEUS.resolve("alerts_test.yml"));
        List<String> alerts = matches(ALERT, rules);
        assertThat(alerts).hasSize(12).doesNotHaveDuplicates();
        assertThat(matches(RUNBOOK, rules)).containsExactlyElementsOf(
                alerts.stream().map(a -> "docs/runbook.md#" + a.toLowerCase(Locale.ROOT)).toList());
        for (String alert : alerts) {
            Matcher fires = Pattern.compile("alertname: " + alert + "\\s*\\n\\s*exp_alerts:\\s*\\n").matcher(tests);
            Matcher quiet = Pattern.compile("alertname: " + alert + "\\s*\\n\\s*exp_alerts: \\[\\]").matcher(tests);
            assertThat(fires.find()).as("a test where %s fires", alert).isTrue();
            assertThat(quiet.find()).as("a test where %s does not fire", alert).isTrue();
        }
    }

    @Test
    void dashboardsParseWithUniqueUidsAndQueryThePrometheusDatasource() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files.stream().map(p -> p.getFileName().toString())).contains(
                "surge-ingress.json", "surge-processing.json", "surge-consumer-lag.json", "surge-dlq.json",
                "surge-inventory.json", "surge-business.json");
        Map<String, Path> uids = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            JsonNode dashboard = MAPPER.readTree(file.toFile());
            String uid = dashboard.path("uid").asText("");
            if (uid.isBlank()) {
                problems.add(file + ": no uid");
            } else if (uids.putIfAbsent(uid, file) != null) {
                problems.add(file + ": uid " + uid + " is also the uid of " + uids.get(uid));
            }
            if (dashboard.path("title").asText("").isBlank()) {
                problems.add(file + ": no title");
            }
            if (dashboard.path("schemaVersion").asInt() < 36) {
                problems.add(file + ": schemaVersion " + dashboard.path("schemaVersion"));
            }
            int targets = checkPanels(file, dashboard.path("panels"), problems);
            if (targets == 0) {
                problems.add(file + ": no panel queries anything");
            }
        }
        assertThat(problems).as("dashboard problems").isEmpty();
    }

    @Test
    void grafanaProvisioningPointsAtTheDashboardsAndTheDatasourceUid() throws IOException {
        String datasource = Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        assertThat(datasource).containsPattern("(?m)^\\s*uid:\\s*" + DATASOURCE_UID + "\\s*$")
                .contains("url: http://prometheus:9090");
        String provider = Files.readString(GRAFANA.resolve("provisioning/dashboards/surge.yml"));
        assertThat(provider).contains("type: file").contains("path: /var/lib/grafana/dashboards");
    }

    /** Checks every panel (rows' nested panels too); answers how many targets it saw. */
    private static int checkPanels(Path file, JsonNode panels, List<String> problems) {
        int targets = 0;
        Set<Integer> ids = new LinkedHashSet<>();
        List<JsonNode> all = new ArrayList<>();
        panels.forEach(all::add);
        panels.forEach(p -> p.path("panels").forEach(all::add));
        for (JsonNode panel : all) {
            String where = file.getFileName() + " panel \"" + panel.path("title").asText() + "\"";
            if (!ids.add(panel.path("id").asInt(-1))) {
                problems.add(where + ": duplicate or missing id " + panel.path("id"));
            }
            for (JsonNode target : panel.path("targets")) {
                targets++;
                JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                if (!DATASOURCE_UID.equals(datasource.path("uid").asText())) {
                    problems.add(where + " target " + target.path("refId").asText() + ": datasource " + datasource);
                }
                if (target.path("expr").asText("").isBlank()) {
                    problems.add(where + " target " + target.path("refId").asText() + ": no expr");
                }
            }
            if (panel.has("targets") && !DATASOURCE_UID.equals(panel.path("datasource").path("uid").asText())) {
                problems.add(where + ": panel datasource " + panel.path("datasource"));
            }
        }
        return targets;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String promtool(String... args) {
        return promtool(null, args);
    }

    /** Runs promtool and answers its output; fails with the output unless it exits 0. */
    private static String promtool(Path workDir, String... args) {
        return RequiredProgram.run("promtool", "prometheus", workDir, args);
    }
}
