package dev.surge.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.tests.RequiredProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ops/alertmanager/alertmanager.yml: {@code amtool} accepts it, every alert of
 * ops/prometheus/alerts.yml reaches the receiver of its severity, and every inhibit rule names
 * alerts that exist and matches on labels they carry. An alert's labels are the ones its firing case
 * in alerts_test.yml expects: {@code promtool test rules} (PromtoolTest) checks that set exactly, so
 * it is the real one. An {@code equal} label that the target lacks never matches (a source that has
 * it) and one that both lack always does: either way the rule is not what it says. Without amtool the
 * test fails and says how to install it.
 */
class AlertmanagerConfigTest {

    /** Where each severity of alerts.yml must go. */
    private static final Map<String, String> RECEIVER_BY_SEVERITY = Map.of(
            "critical", "pager", "warning", "team-channel", "info", "low-noise");
    /** An alert with no or an unknown severity still reaches someone. */
    private static final String DEFAULT_RECEIVER = "team-channel";
    private static final Pattern MATCHER = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"(.*)\"\\s*$");
    private static final Pattern NAMES = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\|[A-Za-z][A-Za-z0-9_]*)*");

    private static Path config;
    private static JsonNode alertmanager;
    /** Alert name to its severity, in alerts.yml's order. */
    private static Map<String, String> severities;
    /** Alert name to the labels it fires with (alerts_test.yml's exp_labels, and alertname). */
    private static Map<String, Set<String>> labels;

    @BeforeAll
    static void read() {
        Path root = DeployFiles.root();
        config = root.resolve("ops/alertmanager/alertmanager.yml");
        alertmanager = DeployFiles.documents(config).getFirst();
        severities = new LinkedHashMap<>();
        for (JsonNode group : DeployFiles.documents(root.resolve("ops/prometheus/alerts.yml")).getFirst().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    severities.put(rule.path("alert").asText(), rule.path("labels").path("severity").asText(""));
                }
            }
        }
        labels = new LinkedHashMap<>();
        for (JsonNode test : DeployFiles.documents(root.resolve("ops/prometheus/alerts_test.yml")).getFirst().path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                for (JsonNode expected : check.path("exp_alerts")) {
                    Set<String> set = labels.computeIfAbsent(check.path("alertname").asText(), k -> new TreeSet<>(Set.of("alertname")));
                    expected.path("exp_labels").fieldNames().forEachRemaining(set::add);
                }
            }
        }
        assertThat(severities).as("alerts in alerts.yml").hasSizeGreaterThanOrEqualTo(12);
        assertThat(labels.keySet()).as("alerts with a firing case in alerts_test.yml").containsAll(severities.keySet());
    }

    @Test
    void amtoolAcceptsTheConfig() {
        assertThat(amtool("check-config", config.toString())).contains("SUCCESS").contains("inhibit rules");
    }

    @Test
    void everySeverityInAlertsYmlIsRouted() {
        assertThat(severities).as("alert -> severity").allSatisfy((alert, severity) ->
                assertThat(RECEIVER_BY_SEVERITY).as("%s: severity %s has a receiver", alert, severity).containsKey(severity));
    }

    /** Each alert, with the labels it fires with, reaches its severity's receiver and that one only. */
    @Test
    void everyAlertReachesTheReceiverOfItsSeverity() {
        List<String> problems = new ArrayList<>();
        for (var e : severities.entrySet()) {
            String expected = RECEIVER_BY_SEVERITY.getOrDefault(e.getValue(), DEFAULT_RECEIVER);
            String got = route("alertname=" + e.getKey(), "severity=" + e.getValue(), "job=surge-processor");
            if (!expected.equals(got)) {
                problems.add(e.getKey() + " (severity " + e.getValue() + "): " + got + ", expected " + expected);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(route("alertname=SomethingElse")).as("an alert without severity").isEqualTo(DEFAULT_RECEIVER);
        assertThat(route("alertname=SomethingElse", "severity=unknown")).isEqualTo(DEFAULT_RECEIVER);
    }

    @Test
    void receiversArePlaceholdersWithoutSecrets() {
        List<String> urls = new ArrayList<>();
        for (JsonNode receiver : alertmanager.path("receivers")) {
            receiver.path("webhook_configs").forEach(w -> urls.add(w.path("url").asText()));
        }
        assertThat(urls).hasSize(RECEIVER_BY_SEVERITY.size())
                .allMatch(u -> u.matches("http://[a-z.-]+\\.invalid/replace-me"), "on the reserved .invalid domain");
    }

    /**
     * Every inhibit rule names its source and target alerts (an {@code alertname} matcher), those
     * alerts exist, and each label it matches on or requires {@code equal} is one they all carry.
     */
    @Test
    void inhibitRulesNameRealAlertsAndMatchOnLabelsTheyCarry() {
        JsonNode rules = alertmanager.path("inhibit_rules");
        assertThat(rules.size()).as("inhibit rules").isGreaterThanOrEqualTo(1);
        List<String> problems = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode rule : rules) {
            String where = "inhibit_rules[" + i++ + "]";
            for (String legacy : List.of("source_match", "source_match_re", "target_match", "target_match_re")) {
                if (rule.has(legacy)) {
                    problems.add(where + ": " + legacy + " (deprecated): use source_matchers / target_matchers");
                }
            }
            Set<String> sources = alerts(where + " source", rule.path("source_matchers"), problems);
            Set<String> inhibited = alerts(where + " target", rule.path("target_matchers"), problems);
            targets.addAll(inhibited);
            for (String alert : sources) {
                if (inhibited.contains(alert)) {
                    problems.add(where + ": " + alert + " would inhibit itself");
                }
            }
            for (JsonNode label : rule.path("equal")) {
                for (String alert : union(sources, inhibited)) {
                    if (labels.containsKey(alert) && !labels.get(alert).contains(label.asText())) {
                        problems.add(where + ": equal " + label.asText() + ", which " + alert + " does not carry "
                                + labels.get(alert));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        // What the rules are for: a down processor mutes what its absence causes.
        assertThat(targets).contains("SurgeStreamsNotRunning", "SurgeConsumerLagGrowing", "SurgeOrderProcessingSlow");
    }

    /**
     * The alerts one side of a rule selects: the names of its alertname matcher. Its other positive
     * matchers must be on labels those alerts carry (else the side never matches).
     */
    private static Set<String> alerts(String where, JsonNode matchers, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        List<String> required = new ArrayList<>();
        for (JsonNode m : matchers) {
            Matcher parsed = MATCHER.matcher(m.asText());
            if (!parsed.matches()) {
                problems.add(where + ": cannot read matcher " + m.asText() + " (write label=\"value\" or label=~\"a|b\")");
                continue;
            }
            String label = parsed.group(1);
            String op = parsed.group(2);
            String value = parsed.group(3);
            if (label.equals("alertname")) {
                if ((op.equals("=") || op.equals("=~")) && NAMES.matcher(value).matches()) {
                    names.addAll(List.of(value.split("\\|")));
                } else {
                    problems.add(where + ": alertname matcher " + m.asText() + " must be = or =~ on alert names");
                }
            } else if (op.equals("=") || op.equals("=~")) {
                required.add(label);
            }
        }
        if (names.isEmpty()) {
            problems.add(where + ": no alertname matcher; name the alerts");
        }
        for (String name : names) {
            if (!severities.containsKey(name)) {
                problems.add(where + ": " + name + " is not an alert of alerts.yml");
            } else {
                for (String label : required) {
                    if (!labels.get(name).contains(label)) {
                        problems.add(where + ": matches on " + label + ", which " + name + " does not carry " + labels.get(name));
                    }
                }
            }
        }
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The receiver(s) amtool routes an alert with these labels to, comma-separated. */
    private static String route(String... labelPairs) {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + config));
        args.addAll(List.of(labelPairs));
        return amtool(args.toArray(String[]::new)).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("Warning:"))
                .reduce((a, b) -> b).orElse("").trim();
    }

    /** Runs amtool and answers its output; fails with the output unless it exits 0. */
    private static String amtool(String... args) {
        return RequiredProgram.run("amtool", "prometheus-alertmanager", null, args);
    }
}
