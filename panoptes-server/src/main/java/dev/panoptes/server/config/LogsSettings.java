package dev.panoptes.server.config;

import dev.panoptes.core.config.ByteSize;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.time.Durations;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.api.LokiQueryLimits;
import dev.panoptes.logs.ingest.LogLimits;
import dev.panoptes.logs.logql.LogQLParseException;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.RetentionPolicy;
import dev.panoptes.logs.store.TenantStorePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param retentionPeriod how long entries are kept (Loki's {@code retention_period}; default 0,
 *     for ever); whole chunks past it are deleted after each flush
 * @param retentionStream per-selector retention (Loki's {@code retention_stream}): the matching
 *     rule of the highest priority, among equals the shortest period, overrides
 *     {@code retention_period}
 * @param otlp the OTLP logs mapping
 * @param deleteRequestCancelPeriod how long a delete request can be cancelled before its lines
 *     are removed from the blocks (default 24h; reads hide them from the start)
 * @param overrides per-tenant settings (Loki's per-tenant overrides) by tenant id: each may set
 *     its own {@code retention_period}, {@code retention_stream} and any key of {@code limits}; a
 *     key left out inherits the section's value
 */
public record LogsSettings(ByteSize chunkTargetSize, WalSync walSync, Duration walSyncInterval, Duration flushInterval, LogLimits limits,
                           OtlpLogsSettings otlp, Duration retentionPeriod, List<RetentionStream> retentionStream,
                           Duration deleteRequestCancelPeriod, Map<String, TenantOverrides> overrides) {

    /**
     * One tenant's overrides under {@code logs.overrides.<tenant>}, flat as in Loki's runtime
     * overrides: the retention keys and every key of {@code logs.limits}. A null field inherits
     * the section's value.
     *
     * @param retentionPeriod the tenant's {@code retention_period}
     * @param retentionStream the tenant's {@code retention_stream} rules, replacing the section's
     */
    public record TenantOverrides(Duration retentionPeriod, List<RetentionStream> retentionStream,
                                  Double ingestionRateMb, Double ingestionBurstSizeMb, ByteSize maxLineSize, Boolean maxLineSizeTruncate,
                                  Integer maxLabelNamesPerSeries, Integer maxLabelNameLength, Integer maxLabelValueLength,
                                  Integer maxGlobalStreamsPerUser, Boolean rejectOldSamples, Duration rejectOldSamplesMaxAge,
                                  Duration creationGracePeriod, Integer maxEntriesLimitPerQuery, Duration maxQueryLength,
                                  ByteSize maxQueryBytesRead, Duration queryTimeout, Integer maxConcurrentTailRequests, Integer maxQuerySeries,
                                  Boolean discoverLogLevels, List<String> logLevelFields, Integer logLevelFromJsonMaxDepth,
                                  List<String> discoverServiceName) {

        public TenantOverrides {
            retentionStream = retentionStream != null ? List.copyOf(retentionStream) : null;
        }

        /** The limits of a tenant with these overrides: each key set here, the others from {@code section}. */
        LogLimits limits(LogLimits section) {
            return new LogLimits(or(ingestionRateMb, section.ingestionRateMb()), or(ingestionBurstSizeMb, section.ingestionBurstSizeMb()),
                    or(maxLineSize, section.maxLineSize()), or(maxLineSizeTruncate, section.maxLineSizeTruncate()),
                    or(maxLabelNamesPerSeries, section.maxLabelNamesPerSeries()), or(maxLabelNameLength, section.maxLabelNameLength()),
                    or(maxLabelValueLength, section.maxLabelValueLength()), or(maxGlobalStreamsPerUser, section.maxGlobalStreamsPerUser()),
                    or(rejectOldSamples, section.rejectOldSamples()), or(rejectOldSamplesMaxAge, section.rejectOldSamplesMaxAge()),
                    or(creationGracePeriod, section.creationGracePeriod()), or(maxEntriesLimitPerQuery, section.maxEntriesLimitPerQuery()),
                    or(maxQueryLength, section.maxQueryLength()), or(maxQueryBytesRead, section.maxQueryBytesRead()),
                    or(queryTimeout, section.queryTimeout()), or(maxConcurrentTailRequests, section.maxConcurrentTailRequests()),
                    or(maxQuerySeries, section.maxQuerySeries()), or(discoverLogLevels, section.discoverLogLevels()),
                    or(logLevelFields, section.logLevelFields()), or(logLevelFromJsonMaxDepth, section.logLevelFromJsonMaxDepth()),
                    or(discoverServiceName, section.discoverServiceName()));
        }

        private static <T> T or(T own, T inherited) {
            return own != null ? own : inherited;
        }
    }

    /**
     * One {@code retention_stream} entry.
     *
     * @param selector a LogQL stream selector such as {@code {namespace="dev"}}
     */
    public record RetentionStream(String selector, Integer priority, Duration period) {

        public RetentionStream {
            if (selector == null || period == null) {
                throw new IllegalArgumentException("retention_stream entries need a selector and a period");
            }
            priority = priority != null ? priority : 0;
        }

        RetentionPolicy.StreamRule rule() {
            try {
                if (LogQLParser.parse(selector) instanceof LogSelectorExpr expr && expr.pipeline().isEmpty()) {
                    return new RetentionPolicy.StreamRule(expr.selector().matchers(), period, priority);
                }
            } catch (LogQLParseException e) {
                throw new IllegalArgumentException("retention_stream selector " + selector + ": " + e.getMessage(), e);
            }
            throw new IllegalArgumentException("retention_stream selector " + selector + " is not a stream selector");
        }
    }

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
        retentionPeriod = retentionPeriod != null ? retentionPeriod : Duration.ZERO;
        retentionStream = retentionStream != null ? List.copyOf(retentionStream) : List.of();
        deleteRequestCancelPeriod = deleteRequestCancelPeriod != null ? deleteRequestCancelPeriod : LogStoreSettings.DEFAULT_DELETE_CANCEL_PERIOD;
        overrides = overrides != null ? Map.copyOf(overrides) : Map.of();
        for (Map.Entry<String, TenantOverrides> e : overrides.entrySet()) {
            try {
                TenantId.of(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("overrides: " + ex.getMessage(), ex);
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("overrides." + e.getKey() + " is empty");
            }
        }
        for (RetentionStream r : retentionStream) {
            r.rule();
        }
        for (Map.Entry<String, TenantOverrides> e : overrides.entrySet()) {
            retention(e.getValue(), retentionPeriod, retentionStream);
            try {
                e.getValue().limits(limits);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("overrides." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** The retention of {@code tenant}: its overrides where it has them, the section's otherwise. */
    public RetentionPolicy retention(TenantId tenant) {
        return retention(overrides.get(tenant.value()), retentionPeriod, retentionStream);
    }

    private static RetentionPolicy retention(TenantOverrides own, Duration retentionPeriod, List<RetentionStream> retentionStream) {
        Duration period = own != null && own.retentionPeriod() != null ? own.retentionPeriod() : retentionPeriod;
        List<RetentionStream> streams = own != null && own.retentionStream() != null ? own.retentionStream() : retentionStream;
        List<RetentionPolicy.StreamRule> rules = new ArrayList<>();
        for (RetentionStream r : streams) {
            rules.add(r.rule());
        }
        return new RetentionPolicy(period, rules);
    }

    public static LogsSettings defaults() {
        return new LogsSettings(null, null, null, null, null, null, null, null, null, null);
    }

    /** The limits of {@code tenant}: its overrides where it has them, the section's otherwise. */
    public LogLimits limits(TenantId tenant) {
        TenantOverrides own = overrides.get(tenant.value());
        return own != null ? own.limits(limits) : limits;
    }

    /** The query API's limits for {@code tenant}. */
    public LokiQueryLimits queryLimits(TenantId tenant) {
        LogLimits own = limits(tenant);
        return new LokiQueryLimits(own.maxEntriesLimitPerQuery(), own.maxQueryLength(), own.maxQueryBytesRead().bytes(),
                own.queryTimeout(), own.maxConcurrentTailRequests(), own.maxQuerySeries());
    }

    /**
     * The limits of {@code tenant} that Loki publishes to Grafana ({@code /loki/api/v1/drilldown-limits}),
     * under Loki's key names and in its JSON types: durations and sizes as strings. Only keys that
     * hold here are given: no lookback or range limit is set ({@code 0s}), volumes are served,
     * and the pattern ingester's metric aggregation and persistence do not exist ({@code false}).
     */
    public Map<String, Object> publishedLimits(TenantId tenant) {
        LogLimits own = limits(tenant);
        TenantOverrides overridden = overrides.get(tenant.value());
        Map<String, Object> published = new LinkedHashMap<>();
        published.put("discover_log_levels", own.discoverLogLevels());
        published.put("discover_service_name", own.discoverServiceName());
        published.put("log_level_fields", own.logLevelFields());
        published.put("max_entries_limit_per_query", own.maxEntriesLimitPerQuery());
        published.put("max_line_size_truncate", own.maxLineSizeTruncate());
        published.put("max_query_bytes_read", own.maxQueryBytesRead().toString());
        published.put("max_query_length", Durations.format(own.maxQueryLength()));
        published.put("max_query_lookback", "0s");
        published.put("max_query_range", "0s");
        published.put("max_query_series", own.maxQuerySeries());
        published.put("metric_aggregation_enabled", false);
        published.put("pattern_persistence_enabled", false);
        published.put("query_timeout", Durations.format(own.queryTimeout()));
        Duration period = overridden != null && overridden.retentionPeriod() != null ? overridden.retentionPeriod() : retentionPeriod;
        published.put("retention_period", Durations.format(period));
        List<RetentionStream> streams = overridden != null && overridden.retentionStream() != null
                ? overridden.retentionStream() : retentionStream;
        if (!streams.isEmpty()) {
            List<Map<String, Object>> rules = new ArrayList<>();
            for (RetentionStream r : streams) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("period", Durations.format(r.period()));
                rule.put("priority", r.priority());
                rule.put("selector", r.selector());
                rules.add(rule);
            }
            published.put("retention_stream", rules);
        }
        published.put("volume_enabled", true);
        return published;
    }

    /** How the log store treats {@code tenant}: its retention and its stream limit. */
    public TenantStorePolicy storePolicy(TenantId tenant) {
        return new TenantStorePolicy(retention(tenant), limits(tenant).maxGlobalStreamsPerUser());
    }

    /** The store's settings these ask for. */
    public LogStoreSettings store() {
        return new LogStoreSettings(chunkTargetSize.bytes(), limits.maxGlobalStreamsPerUser(),
                new WalOptions(walSync, walSyncInterval, WalOptions.DEFAULT_SEGMENT_BYTES), flushInterval, deleteRequestCancelPeriod);
    }
}
