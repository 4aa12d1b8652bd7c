package dev.panoptes.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void secondLockInTheSameProcessIsRefused() throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("in use by another Panoptes process");
        }
        DataDirectoryLock.acquire(dir).close();
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsDeathReleasesIt() throws Exception {
        try (ChildJvm holder = ChildJvm.start(Holder.class, dir.toString())) {
            holder.awaitLine("locked"::equals, Duration.ofSeconds(30));

            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("(pid " + holder.pid() + ")")
                    .hasMessageContaining("--data-dir");

            holder.kill();
        }
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(dir)) {
            assertThat(lock.file()).exists();
        }
    }

    /** Child process: takes the lock and holds it until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            lock.close();
        }
    }
}
