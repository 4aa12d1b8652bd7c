package dev.panoptes.core.wal;

import java.time.Duration;

/**
 * How a write-ahead log syncs and how large its segments grow.
 *
 * @param sync when writes reach the device
 * @param syncInterval the background fsync period under {@link WalSync#PERIODIC}
 * @param segmentBytes a segment is closed and a new one started once it holds this many bytes
 */
public record WalOptions(WalSync sync, Duration syncInterval, long segmentBytes) {

    public static final long DEFAULT_SEGMENT_BYTES = 128L << 20;

    public WalOptions {
        if (sync == null) {
            throw new IllegalArgumentException("sync policy is required");
        }
        if (syncInterval == null || syncInterval.isNegative() || syncInterval.isZero()) {
            syncInterval = Duration.ofSeconds(1);
        }
        if (segmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("segment size " + segmentBytes + " is below the 64 KiB minimum");
        }
    }

    public static WalOptions defaults() {
        return new WalOptions(WalSync.ALWAYS, Duration.ofSeconds(1), DEFAULT_SEGMENT_BYTES);
    }
}
