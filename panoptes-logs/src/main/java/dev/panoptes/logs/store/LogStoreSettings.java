package dev.panoptes.logs.store;

import dev.panoptes.core.wal.WalOptions;

/**
 * How a tenant's log store is laid out.
 *
 * @param chunkTargetBytes a stream's head is cut into a chunk once its lines hold this many bytes
 *     (before compression)
 * @param maxStreams the most streams a tenant may have; pushes to new streams beyond it are refused
 * @param wal how the write-ahead log syncs
 */
public record LogStoreSettings(long chunkTargetBytes, int maxStreams, WalOptions wal) {

    public LogStoreSettings {
        if (chunkTargetBytes <= 0) {
            throw new IllegalArgumentException("chunk_target_size must be positive");
        }
        if (maxStreams < 0) {
            throw new IllegalArgumentException("max_global_streams_per_user must not be negative");
        }
    }

    /** 1 MiB chunks, 5000 streams, fsync before acknowledging. */
    public static LogStoreSettings defaults() {
        return new LogStoreSettings(1 << 20, 5000, WalOptions.defaults());
    }
}
