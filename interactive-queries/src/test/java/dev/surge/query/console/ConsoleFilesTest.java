package dev.surge.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.topology.events.MetricValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The console as shipped: every file listed, within its size budget, and nothing it loads from elsewhere. */
class ConsoleFilesTest {

    /** The whole console, uncompressed: a page a reviewer can read in one sitting. */
    static final long SIZE_BUDGET_BYTES = 64 * 1024;
    private static final Path SOURCES = Path.of("src/main/resources/console");
    /** Where a file could name something to fetch: a URL with a scheme or a host, in any attribute, import or style. */
    private static final Pattern ELSEWHERE = Pattern.compile("(?i)(https?:|wss?:|ftp:|data:)?//[^\\s'\"`)]+");
    /** XML namespaces name, and never load, what they name. */
    private static final Set<String> NAMESPACES = Set.of("http://www.w3.org/2000/svg");
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#]+)\"|from '\\./([^']+)'");

    private final ConsoleFiles files = ConsoleFiles.fromClasspath();

    @Test
    void theListIsEveryFileInTheSources() throws IOException {
        try (Stream<Path> paths = Files.list(SOURCES)) {
            assertThat(paths.map(path -> path.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(ConsoleFiles.NAMES);
        }
    }

    @Test
    void theWholeConsoleFitsItsSizeBudget() {
        assertThat(files.totalBytes()).isPositive().isLessThanOrEqualTo(SIZE_BUDGET_BYTES);
    }

    @Test
    void nothingIsLoadedFromAnotherHost() {
        List<String> found = new ArrayList<>();
        for (String name : ConsoleFiles.NAMES) {
            Matcher urls = ELSEWHERE.matcher(text(name));
            while (urls.find()) {
                String url = urls.group();
                // A comment's "//" or a regular expression's are not URLs: only those naming a host count.
                if (!NAMESPACES.contains(url) && url.matches("(?i)([a-z]+:)?//[a-z0-9.-]+\\.[a-z]{2,}.*")) {
                    found.add(name + ": " + url);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyFileAPageOrScriptNamesIsShipped() {
        Set<String> referenced = new TreeSet<>();
        for (String name : ConsoleFiles.NAMES) {
            Matcher reference = REFERENCE.matcher(text(name));
            while (reference.find()) {
                referenced.add(reference.group(1) != null ? reference.group(1) : reference.group(2));
            }
        }
        assertThat(referenced).isNotEmpty();
        assertThat(ConsoleFiles.NAMES).containsAll(referenced);
    }

    @Test
    void theAnalyticsViewShowsTheSketchesOwnError() {
        assertThat(text("analytics.js")).contains("RELATIVE_STANDARD_ERROR = " + MetricValue.RELATIVE_STANDARD_ERROR + ";");
    }

    @Test
    void noScriptOrStyleIsInline() {
        String page = text(ConsoleFiles.INDEX);
        // The Content-Security-Policy allows only the console's own files: inline code would not run.
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style").doesNotContain(" style=")
                .doesNotContainPattern("\\son[a-z]+=");
    }

    private String text(String name) {
        return new String(files.get(name).orElseThrow().bytes(), StandardCharsets.UTF_8);
    }
}
