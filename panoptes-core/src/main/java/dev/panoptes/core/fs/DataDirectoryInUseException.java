package dev.panoptes.core.fs;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown when a data directory is already locked by another running process. */
public final class DataDirectoryInUseException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataDirectoryInUseException(Path dataDir, String ownerPid) {
        super("data directory " + dataDir.toAbsolutePath() + " is in use by another Panoptes process"
                + (ownerPid == null || ownerPid.isEmpty() ? "" : " (pid " + ownerPid + ")")
                + ": stop that process or choose another --data-dir");
    }
}
