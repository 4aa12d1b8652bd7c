package dev.panoptes.core.objstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalDirectoryObjectStoreTest extends ObjectStoreContract {

    @Override
    protected ObjectStore openEmptyStore() throws IOException {
        return LocalDirectoryObjectStore.open(scratch.resolve("objects"));
    }

    @Test
    void reservedTemporaryPrefixIsNotAKey() {
        assertThatThrownBy(() -> store.put(".tmp/x", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crashMidWriteLeavesNoPartialObjectAndReopeningCleansUp() throws Exception {
        Path root = scratch.resolve("crash");
        LocalDirectoryObjectStore.open(root).close();
        LocalDirectoryObjectStore.open(root).put("blocks/b1/chunks", "previous version".getBytes());

        try (ChildJvm writer = ChildJvm.start(SlowWriter.class, root.toString(), "blocks/b1/chunks")) {
            writer.awaitLine(line -> line.equals("writing"), Duration.ofSeconds(30));
            // The writer is now blocked in the middle of its stream; prove a partial file exists.
            assertThat(temporaryFiles(root)).isNotEmpty();
            writer.kill();
        }

        try (LocalDirectoryObjectStore reopened = LocalDirectoryObjectStore.open(root)) {
            assertThat(new String(reopened.get("blocks/b1/chunks"))).isEqualTo("previous version");
            assertThat(reopened.list("")).extracting(ObjectInfo::key).containsExactly("blocks/b1/chunks");
            assertThat(temporaryFiles(root)).isEmpty();
        }
    }

    private static java.util.List<Path> temporaryFiles(Path root) throws IOException {
        Path tmp = root.resolve(LocalDirectoryObjectStore.TMP_DIR);
        if (!Files.isDirectory(tmp)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }

    /** Child process: starts a large put, announces it, then stalls forever mid-stream. */
    public static final class SlowWriter {
        public static void main(String[] args) throws Exception {
            LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(Path.of(args[0]));
            long length = 10_000_000;
            InputStream stalling = new InputStream() {
                long sent;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0];
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent >= 1_000_000) {
                        System.out.println("writing");
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    int n = (int) Math.min(len, 1_000_000 - sent);
                    java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                    sent += n;
                    return n;
                }
            };
            store.put(args[1], stalling, length);
        }
    }
}
