package dev.surge.tools.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {

    @TempDir
    Path stateDir;

    @Test
    void aDirectoryHeldByKafkaStreamsIsRefusedAndKept() throws Exception {
        Path app = Files.createDirectories(stateDir.resolve("surge").resolve("0_1"));
        LocalState local = new LocalState(stateDir, "surge");
        // What a running Kafka Streams holds (here in this JVM; another process is refused alike).
        try (FileChannel channel = FileChannel.open(app.getParent().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            assertThatThrownBy(() -> local.lock(true)).isInstanceOf(LocalState.LockedException.class)
                    .hasMessageContaining("a Kafka Streams process on this host holds " + app.getParent())
                    .hasMessageContaining("stop the processor here first");
        }
        assertThat(local.exists()).isTrue();
    }

    @Test
    void aFreeDirectoryIsLockedThenDeletedWithEverythingInIt() throws Exception {
        Path task = Files.createDirectories(stateDir.resolve("surge").resolve("0_1").resolve("rocksdb"));
        Files.writeString(task.resolve("000001.sst"), "data");
        Files.writeString(stateDir.resolve("surge").resolve("0_1").resolve(".checkpoint"), "0\n");
        Files.createDirectories(stateDir.resolve("other-app"));
        LocalState local = new LocalState(stateDir, "surge");

        assertThat(local.lock(false)).as("no lock file: nobody holds it, and a check creates none").isNull();
        assertThat(stateDir.resolve("surge").resolve(".lock")).doesNotExist();
        LocalState.Held held = local.lock(true);
        assertThat(held).isNotNull();
        local.delete(held);

        assertThat(local.exists()).isFalse();
        assertThat(stateDir.resolve("other-app")).isDirectory();
        assertThat(new LocalState(stateDir, "absent").lock(true)).isNull();
    }
}
