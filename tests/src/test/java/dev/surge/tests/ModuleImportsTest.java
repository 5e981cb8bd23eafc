package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The import arrows of DESIGN.md, checked on the sources: Maven already refuses a module that
 * imports one it does not depend on, but a transitive dependency would let ops/local reach into
 * ops/tools' neighbours, or http into the topology, without anyone noticing.
 */
class ModuleImportsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.surge\\.[\\w.]+);", Pattern.MULTILINE);

    /** Which module each package of Surge's lives in. */
    private static final Map<String, String> MODULE_OF_PACKAGE = new LinkedHashMap<>();

    static {
        MODULE_OF_PACKAGE.put("dev.surge.schemas", "schemas");
        MODULE_OF_PACKAGE.put("dev.surge.config", "schemas");
        MODULE_OF_PACKAGE.put("dev.surge.http", "http");
        MODULE_OF_PACKAGE.put("dev.surge.topology", "topology");
        MODULE_OF_PACKAGE.put("dev.surge.query", "interactive-queries");
        MODULE_OF_PACKAGE.put("dev.surge.ingress", "ingress");
        MODULE_OF_PACKAGE.put("dev.surge.node", "ops/node");
        MODULE_OF_PACKAGE.put("dev.surge.local", "ops/local");
        MODULE_OF_PACKAGE.put("dev.surge.tools", "ops/tools");
    }

    /** What each module's main code may import, besides itself: DESIGN.md's arrows, followed through. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "schemas", Set.of(),
            "http", Set.of("schemas"),
            "topology", Set.of("schemas"),
            "ingress", Set.of("http", "schemas"),
            "interactive-queries", Set.of("topology", "http", "schemas"),
            "ops/node", Set.of("ingress", "interactive-queries", "topology", "http", "schemas"),
            "ops/local", Set.of("ops/node", "ingress", "interactive-queries", "topology", "http", "schemas"),
            "ops/tools", Set.of("ops/local", "ops/node", "ingress", "interactive-queries", "topology", "http",
                    "schemas"));

    @Test
    void everyModuleImportsOnlyWhatLiesBelowIt() {
        List<String> backwards = new ArrayList<>();
        List<String> crossing = new ArrayList<>();
        ALLOWED.forEach((module, allowed) -> forEachImport(module, (file, imported) -> {
            String target = moduleOf(imported);
            if (!target.equals(module)) {
                crossing.add(imported);
            }
            if (!target.equals(module) && !allowed.contains(target)) {
                backwards.add(file + " imports " + imported + " (" + module + " → " + target + ")");
            }
        }));
        assertThat(crossing).as("the check sees the imports between modules").hasSizeGreaterThan(100);
        assertThat(backwards).isEmpty();
    }

    /** The HTTP foundation serves every route; orders, stores and topics are what routes are about. */
    @Test
    void httpKnowsNeitherOrdersNorStoresNorTopics() {
        List<String> found = new ArrayList<>();
        forEachImport("http", (file, imported) -> {
            if (imported.matches("dev\\.surge\\.schemas\\.(Order|Inventory|Topic|Metric|Daily|Hourly|Analytics|Dlq).*")) {
                found.add(file + " imports " + imported);
            }
        });
        assertThat(found).isEmpty();
    }

    @Test
    void everyPackageBelongsToAKnownModule() {
        List<String> unknown = new ArrayList<>();
        ALLOWED.keySet().forEach(module -> forEachImport(module, (file, imported) -> {
            if (moduleOf(imported).isEmpty()) {
                unknown.add(file + " imports " + imported);
            }
        }));
        assertThat(unknown).as("a new package needs its module in MODULE_OF_PACKAGE").isEmpty();
    }

    private static String moduleOf(String imported) {
        return MODULE_OF_PACKAGE.entrySet().stream()
                .filter(e -> imported.equals(e.getKey()) || imported.startsWith(e.getKey() + "."))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }

    private interface ImportVisitor {
        void visit(Path file, String imported);
    }

    private static void forEachImport(String module, ImportVisitor visitor) {
        Path sources = ROOT.resolve(module).resolve("src/main/java");
        assertThat(sources).as("sources of " + module).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    visitor.visit(ROOT.relativize(file), m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
