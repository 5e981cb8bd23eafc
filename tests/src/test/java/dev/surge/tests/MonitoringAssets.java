package dev.surge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names that the alert rules ({@code ops/prometheus/alerts.yml}) and the Grafana
 * dashboards ({@code ops/grafana/dashboards/*.json}) query, read from their PromQL: what Surge's
 * {@code GET /metrics} must export for them to mean anything.
 *
 * <p>A PromQL metric name is an identifier that is not a function or aggregation (those are
 * followed by a parenthesis), not a keyword ({@code by}, {@code and}, {@code offset}...), not a label
 * name (inside {@code {...}}, or in a {@code by (...)}, {@code without (...)}, {@code on (...)},
 * {@code ignoring (...)}, {@code group_left (...)} or {@code group_right (...)} list), not in a range
 * or subquery ({@code [5m]}, {@code [10m:1m]}, {@code [$__rate_interval]}), not part of a number or
 * duration, not in a string, and not a Grafana variable ({@code $instance}).
 */
final class MonitoringAssets {

    /** Series Prometheus itself adds to every target; Surge does not export them. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "(?i)\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    /** An identifier that does not continue a number, a duration, another name or a $variable. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern EXPR_KEY = Pattern.compile("^(\\s*)(?:-\\s+)?expr:\\s*(.*)$");
    private static final Pattern RECORD_KEY = Pattern.compile("^\\s*(?:-\\s+)?record:\\s*[\"']?([^\"'\\s]+)");
    private static final Pattern ALERT_KEY = Pattern.compile("^\\s*(?:-\\s+)?alert:\\s*[\"']?([^\"'\\s]+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MonitoringAssets() {
    }

    /** The repository's root: the first directory up from the working directory that holds ops/prometheus. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("ops/prometheus/alerts.yml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no ops/prometheus/alerts.yml above " + dir);
    }

    static Path alertsFile() {
        return repoRoot().resolve("ops/prometheus/alerts.yml");
    }

    static Path dashboardsDir() {
        return repoRoot().resolve("ops/grafana/dashboards");
    }

    /** Every metric name the alert rules and dashboards query, sorted, with where each is used. */
    static Map<String, SortedSet<String>> referencedMetrics() {
        Map<String, SortedSet<String>> where = new LinkedHashMap<>();
        Path alerts = alertsFile();
        Set<String> recorded = recordedNames(read(alerts));
        for (String expr : ruleExpressions(read(alerts))) {
            for (String name : metricNames(expr)) {
                if (!recorded.contains(name)) {
                    where.computeIfAbsent(name, n -> new TreeSet<>()).add("alerts.yml");
                }
            }
        }
        for (Map.Entry<Path, List<String>> dashboard : dashboardExpressions(dashboardsDir()).entrySet()) {
            for (String expr : dashboard.getValue()) {
                for (String name : metricNames(expr)) {
                    if (!recorded.contains(name)) {
                        where.computeIfAbsent(name, n -> new TreeSet<>())
                                .add(dashboard.getKey().getFileName().toString());
                    }
                }
            }
        }
        Map<String, SortedSet<String>> sorted = new LinkedHashMap<>();
        where.keySet().stream().sorted().forEach(name -> sorted.put(name, where.get(name)));
        return sorted;
    }

    /** The names of referencedMetrics() that Surge itself must export (Prometheus's own left out). */
    static SortedSet<String> metricsSurgeMustExport() {
        SortedSet<String> names = new TreeSet<>(referencedMetrics().keySet());
        names.removeAll(PROMETHEUS_OWN);
        return names;
    }

    /** The metric names in one PromQL expression. */
    static SortedSet<String> metricNames(String promql) {
        String text = STRING.matcher(promql).replaceAll(" ");
        text = COMMENT.matcher(text).replaceAll(" ");
        text = removeAll(MATCHERS, text);
        text = removeAll(RANGE, text);
        text = LABEL_LIST.matcher(text).replaceAll(" ");
        SortedSet<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String token = m.group();
            if (KEYWORDS.contains(token.toLowerCase(Locale.ROOT)) || nextNonBlank(text, m.end()) == '(') {
                continue;
            }
            names.add(token);
        }
        return names;
    }

    /** Every {@code expr} of a Prometheus rule file: inline values and block scalars ({@code expr: |}). */
    static List<String> ruleExpressions(String yaml) {
        List<String> exprs = new ArrayList<>();
        String[] lines = yaml.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPR_KEY.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String value = m.group(2).strip();
            if (value.startsWith("|") || value.startsWith(">")) {
                int keyIndent = lines[i].indexOf("expr:");
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.length
                        && (lines[i + 1].isBlank() || indent(lines[i + 1]) > keyIndent)) {
                    block.append(lines[++i].strip()).append('\n');
                }
                exprs.add(block.toString().strip());
            } else {
                exprs.add(unquote(value));
            }
        }
        return exprs;
    }

    /** The alert names of a rule file, in order. */
    static List<String> alertNames(String yaml) {
        List<String> names = new ArrayList<>();
        for (String line : yaml.split("\\R")) {
            Matcher m = ALERT_KEY.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Names of recording rules ({@code record:}) defined by a rule file: queried, but not exported by Surge. */
    static Set<String> recordedNames(String yaml) {
        Set<String> names = new TreeSet<>();
        for (String line : yaml.split("\\R")) {
            Matcher m = RECORD_KEY.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Every {@code expr} anywhere in each dashboard (panels, rows' panels, template queries), by file. */
    static Map<Path, List<String>> dashboardExpressions(Path dir) {
        Map<Path, List<String>> exprs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                List<String> found = new ArrayList<>();
                collectExprs(MAPPER.readTree(file.toFile()), found);
                exprs.put(file, found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exprs;
    }

    /**
     * The metric names in a Prometheus text exposition (what GET /metrics answers): the name of each
     * sample, so a histogram shows as its {@code _bucket}, {@code _count} and {@code _sum}.
     */
    static SortedSet<String> exportedNames(String exposition) {
        SortedSet<String> names = new TreeSet<>();
        for (String line : exposition.split("\\R")) {
            String sample = line.strip();
            if (sample.isEmpty() || sample.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < sample.length() && sample.charAt(end) != '{' && !Character.isWhitespace(sample.charAt(end))) {
                end++;
            }
            names.add(sample.substring(0, end));
        }
        return names;
    }

    private static void collectExprs(JsonNode node, List<String> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    found.add(field.getValue().asText());
                } else {
                    collectExprs(field.getValue(), found);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectExprs(child, found));
        }
    }

    /** Removes innermost matches until none is left (label matchers and ranges do not nest, but be safe). */
    private static String removeAll(Pattern pattern, String text) {
        String before;
        do {
            before = text;
            text = pattern.matcher(text).replaceAll(" ");
        } while (!text.equals(before));
        return text;
    }

    private static char nextNonBlank(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return 0;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
