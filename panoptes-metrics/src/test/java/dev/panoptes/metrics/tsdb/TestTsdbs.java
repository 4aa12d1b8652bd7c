package dev.panoptes.metrics.tsdb;

import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import java.io.IOException;
import java.nio.file.Path;

/** Opens a database the way the server does, with its blocks in a local object store beside it. */
final class TestTsdbs {

    private TestTsdbs() {
    }

    static Tsdb open(Path root, TsdbSettings settings) throws IOException {
        LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(root.resolve("objects"));
        return Tsdb.open(root.resolve("tenant"), store, "metrics/tenant/blocks/", settings);
    }
}
