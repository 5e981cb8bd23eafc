package dev.surge.tools.reset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * This host's Kafka Streams state of the application: {@code STATE_DIR/<APPLICATION_ID>}, with
 * RocksDB stores and checkpoints per task. A running Kafka Streams holds the directory's
 * {@code .lock}; taking that same lock tells whether one runs here and keeps one from starting
 * while the directory goes.
 */
final class LocalState {

    static final String LOCK_FILE = ".lock";

    private final Path dir;

    LocalState(Path stateDir, String applicationId) {
        this.dir = stateDir.resolve(applicationId).toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    /**
     * Takes Kafka Streams' own lock of the directory; null when there is no directory (nothing to
     * lock), or when {@code create} is false and the lock file does not exist (so nobody holds it:
     * Kafka Streams creates the file before locking it and never deletes it while running).
     *
     * @throws LockedException when a Kafka Streams process (this one or another) holds it
     */
    Held lock(boolean create) {
        if (!exists() || (!create && !Files.exists(dir.resolve(LOCK_FILE)))) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Held(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held inside this JVM
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + dir.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new LockedException("refusing: a Kafka Streams process on this host holds " + dir
                + " (its " + LOCK_FILE + "): stop the processor here first");
    }

    /** Deletes the directory and everything in it; releases the lock first. */
    void delete(Held held) {
        if (held != null) {
            held.close();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    /** The lock while it is held: closing the channel releases it. */
    record Held(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    /** A Kafka Streams process holds the directory. */
    static final class LockedException extends IllegalStateException {
        LockedException(String message) {
            super(message);
        }
    }
}
