package dev.panoptes.server.config;

import dev.panoptes.core.config.ByteSize;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.api.LokiQueryLimits;
import dev.panoptes.logs.ingest.LogLimits;
import dev.panoptes.logs.store.LogStoreSettings;
import java.time.Duration;

/**
 * The {@code logs:} section: the log store of every tenant and, under {@code limits:}, what a
 * tenant may push and query (Loki's key names), and under {@code otlp:} how OTLP records map to streams.
 *
 * @param chunkTargetSize a stream's head is cut into a compressed chunk once its lines hold this
 *     much (before compression; default 1MB)
 * @param walSync {@code always} (default: a push is acknowledged after an fsync covering it) or
 *     {@code periodic}
 * @param walSyncInterval the fsync period under {@code periodic}
 * @param flushInterval how often heads are cut and chunks written to blocks in the object store
 *     (default 30m; the write-ahead log holds what is not flushed yet)
 * @param limits per-tenant limits
 * @param otlp the OTLP logs mapping
 */
public record LogsSettings(ByteSize chunkTargetSize, WalSync walSync, Duration walSyncInterval, Duration flushInterval, LogLimits limits,
                           OtlpLogsSettings otlp) {

    public LogsSettings {
        chunkTargetSize = chunkTargetSize != null ? chunkTargetSize : new ByteSize(1 << 20);
        if (chunkTargetSize.bytes() == 0) {
            throw new IllegalArgumentException("chunk_target_size must be positive");
        }
        walSync = walSync != null ? walSync : WalSync.ALWAYS;
        walSyncInterval = walSyncInterval != null ? walSyncInterval : Duration.ofSeconds(1);
        flushInterval = flushInterval != null ? flushInterval : LogStoreSettings.DEFAULT_FLUSH_INTERVAL;
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush_interval must be positive");
        }
        limits = limits != null ? limits : LogLimits.defaults();
        otlp = otlp != null ? otlp : OtlpLogsSettings.defaults();
    }

    public static LogsSettings defaults() {
        return new LogsSettings(null, null, null, null, null, null);
    }

    /** The query API's limits these ask for. */
    public LokiQueryLimits queryLimits() {
        return new LokiQueryLimits(limits.maxEntriesLimitPerQuery(), limits.maxQueryLength(), limits.maxQueryBytesRead().bytes(),
                limits.queryTimeout(), limits.maxConcurrentTailRequests());
    }

    /** The store's settings these ask for. */
    public LogStoreSettings store() {
        return new LogStoreSettings(chunkTargetSize.bytes(), limits.maxGlobalStreamsPerUser(),
                new WalOptions(walSync, walSyncInterval, WalOptions.DEFAULT_SEGMENT_BYTES), flushInterval);
    }
}
