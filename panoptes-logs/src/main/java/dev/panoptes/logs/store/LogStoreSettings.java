package dev.panoptes.logs.store;

import dev.panoptes.core.wal.WalOptions;
import java.time.Duration;

/**
 * How a tenant's log store is laid out.
 *
 * @param chunkTargetBytes a stream's head is cut into a chunk once its lines hold this many bytes
 *     (before compression)
 * @param maxStreams the most streams a tenant may have; pushes to new streams beyond it are refused
 * @param wal how the write-ahead log syncs
 * @param flushInterval how often every head is cut and the chunks written to a block (zero: only
 *     when {@link TenantLogStore#flush} is called)
 */
public record LogStoreSettings(long chunkTargetBytes, int maxStreams, WalOptions wal, Duration flushInterval) {

    /** The default flush interval: heads are cut at least this often, so the log holds at most about this much. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(30);

    /** Settings with the default flush interval. */
    public LogStoreSettings(long chunkTargetBytes, int maxStreams, WalOptions wal) {
        this(chunkTargetBytes, maxStreams, wal, DEFAULT_FLUSH_INTERVAL);
    }

    public LogStoreSettings {
        if (flushInterval == null || flushInterval.isNegative()) {
            throw new IllegalArgumentException("flush_interval must not be negative");
        }
        if (chunkTargetBytes <= 0) {
            throw new IllegalArgumentException("chunk_target_size must be positive");
        }
        if (maxStreams < 0) {
            throw new IllegalArgumentException("max_global_streams_per_user must not be negative");
        }
    }

    /** 1 MiB chunks, 5000 streams, fsync before acknowledging, a flush every 30 minutes. */
    public static LogStoreSettings defaults() {
        return new LogStoreSettings(1 << 20, 5000, WalOptions.defaults());
    }
}
