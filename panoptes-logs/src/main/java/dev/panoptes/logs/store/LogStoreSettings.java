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
 * @param flushInterval how often every head is cut and the chunks written to a block, and
 *     maintenance (retention, delete requests, compaction) runs (zero: only when
 *     {@link TenantLogStore#flush} and {@link TenantLogStore#maintain} are called)
 * @param deleteCancelPeriod how long a delete request can be cancelled before its lines are removed
 *     from the blocks (Loki's {@code delete_request_cancel_period}); until then reads hide them
 */
public record LogStoreSettings(long chunkTargetBytes, int maxStreams, WalOptions wal, Duration flushInterval, Duration deleteCancelPeriod) {

    /** The default flush interval: heads are cut at least this often, so the log holds at most about this much. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(30);

    /** Loki's default cancel period of delete requests. */
    public static final Duration DEFAULT_DELETE_CANCEL_PERIOD = Duration.ofHours(24);

    /** Settings with the default flush interval and delete cancel period. */
    public LogStoreSettings(long chunkTargetBytes, int maxStreams, WalOptions wal) {
        this(chunkTargetBytes, maxStreams, wal, DEFAULT_FLUSH_INTERVAL);
    }

    /** Settings with the default delete cancel period. */
    public LogStoreSettings(long chunkTargetBytes, int maxStreams, WalOptions wal, Duration flushInterval) {
        this(chunkTargetBytes, maxStreams, wal, flushInterval, DEFAULT_DELETE_CANCEL_PERIOD);
    }

    public LogStoreSettings {
        if (deleteCancelPeriod == null || deleteCancelPeriod.isNegative()) {
            throw new IllegalArgumentException("delete_request_cancel_period must not be negative");
        }
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

    /** These settings with another stream limit (a tenant's own). */
    public LogStoreSettings withMaxStreams(int max) {
        return new LogStoreSettings(chunkTargetBytes, max, wal, flushInterval, deleteCancelPeriod);
    }
}
