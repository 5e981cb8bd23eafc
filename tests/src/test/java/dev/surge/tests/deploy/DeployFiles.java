package dev.surge.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.surge.config.SurgeConfig;
import dev.surge.tests.RequiredProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The repository's deployment files as the tests read them, and the environment names Surge reads. */
final class DeployFiles {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** An anchor, an alias or a merge key: Jackson's YAML reader leaves them unresolved (an alias reads as a string). */
    private static final Pattern ANCHOR_OR_ALIAS = Pattern.compile("^\\s*(?:-\\s+|[^#'\"]*:\\s+)[&*][\\w.-]+(?:\\s|$)|^\\s*<<\\s*:");

    private DeployFiles() {
    }

    /** The repository root: the module directory's parent when surefire runs in ops/, or the directory itself. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("ops"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (mvnw next to ops/) at or above " + dir);
    }

    /** Every non-empty YAML document of the file, in order. */
    static List<JsonNode> documents(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (ANCHOR_OR_ALIAS.matcher(lines.get(i)).find()) {
                    throw new IllegalStateException(file + ":" + (i + 1) + " uses a YAML anchor, alias or merge key,"
                            + " which the manifest tests cannot read (Jackson leaves them unresolved): spell it out");
                }
            }
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (it.hasNextValue()) {
                    JsonNode doc = it.nextValue();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                        docs.add(doc);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Path> files(Path dir, String glob) {
        try (Stream<Path> paths = Files.walk(dir)) {
            var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
            return paths.filter(Files::isRegularFile).filter(p -> matcher.matches(dir.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** A text field, or null when the path is missing or not text. */
    static String at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String name : path) {
            n = n.path(name);
        }
        return n.isValueNode() ? n.asText() : null;
    }

    static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return map;
    }

    /** Docker/compose durations ("45s", "1m30s", "500ms") and Surge's own (which also takes "7d" and ISO-8601). */
    static Duration composeDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|us|h|m|s)").matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "us" -> Duration.ofNanos(n * 1000);
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalArgumentException("not a compose duration: '" + text + "'");
        }
        return total;
    }

    /** Compose's interpolation as `docker-compose config` does it with nothing exported: defaults, else empty. */
    static String interpolate(String value) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)|\\$\\$")
                .matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(2) != null && m.group(2).endsWith("-")) {
                replacement = m.group(3);
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- docker-compose ----------------------------------------------------------------------

    /** What {@code docker-compose config -q} made of the file: its exit status and what it printed. */
    record ComposeCheck(int exitValue, String output) {
    }

    /**
     * {@code docker-compose config -q} on the repository's file with these of compose's required
     * variables set and the others unset, whatever the test's own environment holds.
     */
    static ComposeCheck composeConfig(Path root, Map<String, String> variables) throws IOException, InterruptedException {
        String program = RequiredProgram.find("docker-compose", "docker-compose").toString();
        Path log = Files.createTempFile("docker-compose-config", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(program, "-f", "docker-compose.yml", "config", "-q")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeAll(COMPOSE_REQUIRED);
            builder.environment().putAll(variables);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("docker-compose config did not finish within 120 s");
            }
            return new ComposeCheck(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The variables docker-compose.yml requires (no default on purpose: passwords). */
    static final Set<String> COMPOSE_REQUIRED = Set.of("REDIS_PASSWORD", "GRAFANA_ADMIN_PASSWORD");

    // ---- Dockerfile ------------------------------------------------------------------------

    /** One Dockerfile instruction, continuation lines joined, with the line it starts on. */
    record Instruction(int line, String keyword, String args) {
    }

    static List<Instruction> dockerfile(Path file) {
        List<Instruction> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || (current == null && line.isEmpty())) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String joined = current.toString().strip();
                int space = joined.indexOf(' ');
                out.add(new Instruction(start, (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT),
                        space < 0 ? "" : joined.substring(space + 1).strip()));
                current = null;
            }
        }
        return out;
    }

    /** The instructions of the last stage (the image that runs). */
    static List<Instruction> finalStage(List<Instruction> all) {
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                from = i;
            }
        }
        return all.subList(from, all.size());
    }

    /** ENV of the given instructions, both forms (KEY=value ..., and the old KEY value). */
    static Map<String, String> dockerEnv(List<Instruction> instructions) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction in : instructions) {
            if (!in.keyword().equals("ENV")) {
                continue;
            }
            List<String> words = words(in.args());
            if (!words.isEmpty() && !words.getFirst().contains("=")) {
                env.put(words.getFirst(), in.args().substring(in.args().indexOf(words.getFirst()) + words.getFirst().length()).strip());
                continue;
            }
            for (String word : words) {
                int eq = word.indexOf('=');
                env.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return env;
    }

    /** Shell-like words: whitespace separates outside quotes, quotes are removed. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    // ---- the environment names Surge reads ---------------------------------------------------

    /** Surge's own settings: SurgeConfig.DEFAULTS, "every key Surge itself reads". */
    @SuppressWarnings("unchecked")
    static Set<String> surgeSettings() {
        try {
            Field defaults = SurgeConfig.class.getDeclaredField("DEFAULTS");
            defaults.setAccessible(true);
            return new TreeSet<>(((Map<String, String>) defaults.get(null)).keySet());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SurgeConfig.DEFAULTS (the list of Surge's settings) is gone: " + e, e);
        }
    }

    /**
     * Names read outside SurgeConfig: System.getenv literals in the main sources, ${NAME:-...} in the
     * logback configurations, SURGE_CONFIG, and the java launcher's own variables.
     */
    static Set<String> otherReaders(Path root) {
        Set<String> names = new TreeSet<>(Set.of("SURGE_CONFIG", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS"));
        Pattern getenv = Pattern.compile("System\\.getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)");
        Pattern logback = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):-");
        for (Path source : files(root, "{*,ops/*}/src/main/java/**.java")) {
            getenv.matcher(text(source)).results().forEach(r -> names.add(r.group(1)));
        }
        for (Path xml : files(root, "{*,ops/*}/src/main/resources/**.xml")) {
            logback.matcher(text(xml)).results().forEach(r -> names.add(r.group(1)));
        }
        return names;
    }

    /**
     * Why Surge would not read this variable, or null when it does. KAFKA_* and STREAMS_* pass
     * through to the Kafka clients (README, "Configuration"): there the property they become must
     * be one the clients know, else a typo (KAFKA_BOOTSTRAP_SERVER) is silently a client property.
     */
    static String unread(String name, Set<String> surgeSettings, Set<String> otherReaders) {
        if (surgeSettings.contains(name) || otherReaders.contains(name)) {
            return null;
        }
        if (name.startsWith("KAFKA_") && name.length() > 6) {
            String property = property(name.substring(6));
            return clientProperties().contains(property) ? null
                    : name + " becomes Kafka client property '" + property + "', which no Kafka client knows";
        }
        if (name.startsWith("STREAMS_") && name.length() > 8) {
            String property = property(name.substring(8));
            return streamsProperty(property) ? null
                    : name + " becomes Kafka Streams property '" + property + "', which Kafka Streams does not know";
        }
        return name + " is not a setting Surge reads (README.md, \"Configuration\")";
    }

    private static String property(String suffix) {
        return suffix.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Set<String> clientProperties() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    private static boolean streamsProperty(String property) {
        if (StreamsConfig.configDef().names().contains(property)) {
            return true;
        }
        Map<String, Collection<String>> prefixed = Map.of(
                StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
                StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
                StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
                StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
                StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
                StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames(),
                StreamsConfig.TOPIC_PREFIX, topicConfigs());
        return prefixed.entrySet().stream().anyMatch(e -> property.startsWith(e.getKey())
                && e.getValue().contains(property.substring(e.getKey().length())));
    }

    private static Set<String> topicConfigs() {
        Set<String> names = new HashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (field.getName().endsWith("_CONFIG") && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
