package dev.panoptes.logs.store;

import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.core.objstore.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The embedded object store in {@code <dir>/objects}, for tests of stores that flush blocks. */
public final class TestObjects {

    private TestObjects() {
    }

    public static ObjectStore in(Path dir) {
        try {
            return LocalDirectoryObjectStore.open(dir.resolve("objects"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
