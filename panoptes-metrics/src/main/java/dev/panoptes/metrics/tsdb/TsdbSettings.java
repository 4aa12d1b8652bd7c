package dev.panoptes.metrics.tsdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.panoptes.core.config.ByteSize;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code tsdb:} section of the server configuration, applied to every tenant's database.
 *
 * @param blockDuration the time range of one block; chunks never cross a multiple of it
 * @param walSync {@code always} (default: a commit returns after an fsync covering it) or
 *     {@code periodic} (after the write reaches the operating system; fsync every
 *     {@code wal_sync_interval})
 * @param walSyncInterval the fsync period under {@code periodic}
 * @param walSegmentSize bytes per log segment
 * @param maxActiveSeries series one tenant may have in memory at once; 0 for no limit
 * @param maxExemplars exemplars kept per tenant (a ring: the oldest make room); 0 keeps none
 * @param retentionTime blocks whose data is all older than this (behind the newest data) are deleted
 * @param retentionSize when blocks take more than this, the oldest are deleted; 0 for no limit
 * @param maxBlockDuration compaction merges blocks into ranges of at most this
 * @param maxSeriesPerMetric new series of one metric name beyond this many are refused (0: no limit)
 * @param outOfOrderTimeWindow float samples up to this much older than their series' newest are
 *     accepted (0, the default, as Prometheus: none); they must still be newer than the newest block
 */
public record TsdbSettings(Duration blockDuration, SyncPolicy walSync, Duration walSyncInterval, Long walSegmentSize,
                           Integer maxActiveSeries, Integer maxExemplars, Duration retentionTime, ByteSize retentionSize,
                           Duration maxBlockDuration, Duration outOfOrderTimeWindow, Integer maxSeriesPerMetric) {

    public static final Duration DEFAULT_BLOCK_DURATION = Duration.ofHours(2);
    public static final int DEFAULT_MAX_ACTIVE_SERIES = 1_500_000;
    public static final int DEFAULT_MAX_EXEMPLARS = 100_000;
    public static final Duration DEFAULT_RETENTION_TIME = Duration.ofDays(15);

    public TsdbSettings {
        if (blockDuration == null) {
            blockDuration = DEFAULT_BLOCK_DURATION;
        }
        if (blockDuration.toMillis() < 60_000 || Duration.ofDays(1).toMillis() % blockDuration.toMillis() != 0) {
            throw new IllegalArgumentException("block_duration " + blockDuration + " must be at least 1m and divide 24h evenly");
        }
        if (walSync == null) {
            walSync = SyncPolicy.ALWAYS;
        }
        if (walSyncInterval == null) {
            walSyncInterval = Duration.ofSeconds(1);
        }
        if (walSyncInterval.isNegative() || walSyncInterval.isZero()) {
            throw new IllegalArgumentException("wal_sync_interval must be positive");
        }
        if (walSegmentSize == null) {
            walSegmentSize = WalOptions.DEFAULT_SEGMENT_BYTES;
        }
        if (walSegmentSize < 64 * 1024) {
            throw new IllegalArgumentException("wal_segment_size must be at least 65536 bytes");
        }
        if (maxActiveSeries == null) {
            maxActiveSeries = DEFAULT_MAX_ACTIVE_SERIES;
        }
        if (maxActiveSeries < 0) {
            throw new IllegalArgumentException("max_active_series must not be negative");
        }
        if (maxExemplars == null) {
            maxExemplars = DEFAULT_MAX_EXEMPLARS;
        }
        if (maxExemplars < 0) {
            throw new IllegalArgumentException("max_exemplars must not be negative");
        }
        if (retentionTime == null) {
            retentionTime = DEFAULT_RETENTION_TIME;
        }
        if (retentionTime.isNegative() || retentionTime.isZero()) {
            throw new IllegalArgumentException("retention_time must be positive");
        }
        if (retentionSize == null) {
            retentionSize = new ByteSize(0);
        }
        if (maxBlockDuration == null) {
            // As Prometheus: a tenth of the retention, so that expiry deletes data in small steps, at most 31 days.
            long tenth = Math.min(retentionTime.toMillis() / 10, Duration.ofDays(31).toMillis());
            maxBlockDuration = Duration.ofMillis(Math.max(tenth, blockDuration.toMillis()));
        }
        if (maxSeriesPerMetric == null) {
            maxSeriesPerMetric = 0;
        }
        if (maxSeriesPerMetric < 0) {
            throw new IllegalArgumentException("max_series_per_metric must not be negative");
        }
        if (outOfOrderTimeWindow == null) {
            outOfOrderTimeWindow = Duration.ZERO;
        }
        if (outOfOrderTimeWindow.isNegative()) {
            throw new IllegalArgumentException("out_of_order_time_window must not be negative");
        }
        if (maxBlockDuration.compareTo(blockDuration) < 0) {
            throw new IllegalArgumentException("max_block_duration " + maxBlockDuration + " is shorter than block_duration " + blockDuration);
        }
    }

    public static TsdbSettings defaults() {
        return new TsdbSettings(null, null, null, null, null, null, null, null, null, null, null);
    }

    public TsdbSettings withWalSync(SyncPolicy policy) {
        return new TsdbSettings(blockDuration, policy, walSyncInterval, walSegmentSize, maxActiveSeries, maxExemplars,
                retentionTime, retentionSize, maxBlockDuration, outOfOrderTimeWindow, maxSeriesPerMetric);
    }

    public TsdbSettings withBlockDuration(Duration duration) {
        // The maximum block duration follows unless it was set above the new block duration.
        return new TsdbSettings(duration, walSync, walSyncInterval, walSegmentSize, maxActiveSeries, maxExemplars,
                retentionTime, retentionSize, maxBlockDuration.compareTo(duration) >= 0 ? maxBlockDuration : duration,
                outOfOrderTimeWindow, maxSeriesPerMetric);
    }

    public TsdbSettings withMaxActiveSeries(int max) {
        return new TsdbSettings(blockDuration, walSync, walSyncInterval, walSegmentSize, max, maxExemplars,
                retentionTime, retentionSize, maxBlockDuration, outOfOrderTimeWindow, maxSeriesPerMetric);
    }

    public TsdbSettings withRetention(Duration time, ByteSize size) {
        return new TsdbSettings(blockDuration, walSync, walSyncInterval, walSegmentSize, maxActiveSeries, maxExemplars,
                time, size, maxBlockDuration, outOfOrderTimeWindow, maxSeriesPerMetric);
    }

    public TsdbSettings withOutOfOrderTimeWindow(Duration window) {
        return new TsdbSettings(blockDuration, walSync, walSyncInterval, walSegmentSize, maxActiveSeries, maxExemplars,
                retentionTime, retentionSize, maxBlockDuration, window, maxSeriesPerMetric);
    }

    public TsdbSettings withMaxSeriesPerMetric(int max) {
        return new TsdbSettings(blockDuration, walSync, walSyncInterval, walSegmentSize, maxActiveSeries, maxExemplars,
                retentionTime, retentionSize, maxBlockDuration, outOfOrderTimeWindow, max);
    }

    public TsdbSettings withMaxBlockDuration(Duration max) {
        return new TsdbSettings(blockDuration, walSync, walSyncInterval, walSegmentSize, maxActiveSeries, maxExemplars,
                retentionTime, retentionSize, max, outOfOrderTimeWindow, maxSeriesPerMetric);
    }

    WalOptions walOptions() {
        return new WalOptions(walSync == SyncPolicy.ALWAYS ? WalSync.ALWAYS : WalSync.PERIODIC, walSyncInterval, walSegmentSize);
    }

    /** The configuration spelling of {@link WalSync}. */
    public enum SyncPolicy {
        ALWAYS, PERIODIC;

        @JsonCreator
        public static SyncPolicy parse(String text) {
            for (SyncPolicy policy : values()) {
                if (policy.name().equalsIgnoreCase(text)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not one of always, periodic");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
