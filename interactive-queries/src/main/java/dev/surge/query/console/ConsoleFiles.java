package dev.surge.query.console;

import dev.surge.http.Sha256;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, read from the jar once at start. A fixed list rather than a directory: a
 * request can name only these, so no path of the classpath is ever reachable through the console.
 */
public final class ConsoleFiles {

    static final String INDEX = "index.html";
    /** Every file of {@code src/main/resources/console}; ConsoleFilesTest keeps the two the same. */
    static final List<String> NAMES = List.of(INDEX, "console.css", "app.js", "api.js", "charts.js", "format.js",
            "sale.js", "items.js", "analytics.js", "cluster.js", "icon.svg");
    private static final String DIRECTORY = "console/";

    /** One file as served: its bytes, type and a validator derived from its content. */
    record File(byte[] bytes, HttpMediaType type, String etag) {
    }

    private final Map<String, File> files;

    ConsoleFiles(Map<String, byte[]> contents) {
        Map<String, File> byName = new LinkedHashMap<>();
        contents.forEach((name, bytes) -> byName.put(name, new File(bytes, type(name), etag(bytes))));
        this.files = Map.copyOf(byName);
    }

    static ConsoleFiles fromClasspath() {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (String name : NAMES) {
            try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream(DIRECTORY + name)) {
                if (in == null) {
                    throw new IllegalStateException("the console's " + name + " is missing from the jar");
                }
                contents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ConsoleFiles(contents);
    }

    Optional<File> get(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** The bytes of every file: the size the size budget counts. */
    long totalBytes() {
        return files.values().stream().mapToLong(file -> file.bytes().length).sum();
    }

    private static HttpMediaType type(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        HttpMediaType type = switch (extension) {
            case "html" -> HttpMediaType.create(MediaTypes.TEXT_HTML);
            case "css" -> HttpMediaType.create(MediaTypes.create("text/css"));
            case "js" -> HttpMediaType.create(MediaTypes.create("text/javascript"));
            case "svg" -> HttpMediaType.create(MediaTypes.create("image/svg+xml"));
            default -> throw new IllegalArgumentException("no media type known for console file " + name);
        };
        return type.withCharset("utf-8");
    }

    private static String etag(byte[] bytes) {
        return "\"" + Sha256.hex(bytes).substring(0, 24) + "\"";
    }
}
