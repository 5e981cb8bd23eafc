package dev.surge.node.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The temporary directories the demo and the bench run on: removed at the end, best effort. */
public final class ScratchDirectories {

    private ScratchDirectories() {
    }

    /** Deletes {@code dir} and everything in it; call it only after the broker and RocksDB have closed. */
    public static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temp dir left behind is harmless.
        }
    }
}
