package dev.panoptes.logs.ingest;

import dev.panoptes.core.config.ByteSize;
import dev.panoptes.wire.loki.ServiceNames;
import java.time.Duration;
import java.util.List;

/**
 * The {@code logs.limits:} section: what a tenant may push and query, with Loki's key names and
 * defaults. A refused entry is answered with Loki's message for its limit; the other entries of
 * the request are still stored.
 *
 * @param ingestionRateMb megabytes (MiB) of lines and structured metadata a second one tenant may
 *     push, averaged (0: no limit); over it the whole push is refused with 429
 * @param ingestionBurstSizeMb megabytes one tenant may push at once above the rate
 * @param maxLineSize the longest line accepted, in bytes (0: no limit)
 * @param maxLineSizeTruncate whether a longer line is cut to {@code maxLineSize} instead of refused
 * @param maxLabelNamesPerSeries most labels a stream may carry
 * @param maxLabelNameLength longest label name, in characters
 * @param maxLabelValueLength longest label value, in characters
 * @param maxGlobalStreamsPerUser most streams a tenant may have (0: no limit); new streams beyond
 *     it are refused with 429
 * @param rejectOldSamples whether entries older than {@code rejectOldSamplesMaxAge} are refused
 * @param rejectOldSamplesMaxAge how old an entry may be, against the server's clock
 * @param creationGracePeriod how far in the future an entry may be
 * @param maxEntriesLimitPerQuery the largest {@code limit} a log query may ask for
 * @param maxQueryLength the longest time range a query may cover (0: no limit; default 721h)
 * @param maxQueryBytesRead the most line bytes a query may read, as the index estimates them
 *     before it runs (0: no limit)
 * @param queryTimeout how long a query may run before it is stopped with 504 (default 1m)
 * @param maxConcurrentTailRequests live tails one tenant may hold open at once (default 10)
 * @param maxQuerySeries the most series a metric query may return (default 500, 0: no limit); a
 *     query with more fails with 400
 * @param discoverLogLevels whether each pushed entry gets a {@code detected_level} structured
 *     metadata label (default true, see {@link LevelDiscovery})
 * @param logLevelFields the fields a level is read from, in order of preference (default Loki's
 *     {@code level}, {@code LEVEL}, ..., {@code SEVERITY_TEXT})
 * @param logLevelFromJsonMaxDepth how many levels of a JSON line are searched for a level field
 *     (default 2; 0 or less: all)
 * @param discoverServiceName the labels whose value a pushed stream without {@code service_name}
 *     gets as its {@code service_name}, the first one present winning ({@code unknown_service}
 *     when none is); Loki's list by default, an empty list turns this off
 */
public record LogLimits(Double ingestionRateMb, Double ingestionBurstSizeMb, ByteSize maxLineSize, Boolean maxLineSizeTruncate,
                        Integer maxLabelNamesPerSeries, Integer maxLabelNameLength, Integer maxLabelValueLength,
                        Integer maxGlobalStreamsPerUser, Boolean rejectOldSamples, Duration rejectOldSamplesMaxAge,
                        Duration creationGracePeriod, Integer maxEntriesLimitPerQuery, Duration maxQueryLength,
                        ByteSize maxQueryBytesRead, Duration queryTimeout, Integer maxConcurrentTailRequests, Integer maxQuerySeries,
                        Boolean discoverLogLevels, List<String> logLevelFields, Integer logLevelFromJsonMaxDepth,
                        List<String> discoverServiceName) {


    public LogLimits {
        ingestionRateMb = nonNegative(ingestionRateMb, 4.0, "ingestion_rate_mb");
        ingestionBurstSizeMb = nonNegative(ingestionBurstSizeMb, 6.0, "ingestion_burst_size_mb");
        maxLineSize = maxLineSize != null ? maxLineSize : new ByteSize(256 * 1024);
        maxLineSizeTruncate = maxLineSizeTruncate != null && maxLineSizeTruncate;
        maxLabelNamesPerSeries = nonNegative(maxLabelNamesPerSeries, 15, "max_label_names_per_series");
        maxLabelNameLength = nonNegative(maxLabelNameLength, 1024, "max_label_name_length");
        maxLabelValueLength = nonNegative(maxLabelValueLength, 2048, "max_label_value_length");
        maxGlobalStreamsPerUser = nonNegative(maxGlobalStreamsPerUser, 5000, "max_global_streams_per_user");
        rejectOldSamples = rejectOldSamples == null || rejectOldSamples;
        rejectOldSamplesMaxAge = positive(rejectOldSamplesMaxAge, Duration.ofDays(7), "reject_old_samples_max_age");
        creationGracePeriod = positive(creationGracePeriod, Duration.ofMinutes(10), "creation_grace_period");
        maxEntriesLimitPerQuery = nonNegative(maxEntriesLimitPerQuery, 5000, "max_entries_limit_per_query");
        maxQueryLength = maxQueryLength != null ? maxQueryLength : Duration.ofHours(721);
        if (maxQueryLength.isNegative()) {
            throw new IllegalArgumentException("max_query_length must not be negative");
        }
        maxQueryBytesRead = maxQueryBytesRead != null ? maxQueryBytesRead : new ByteSize(0);
        queryTimeout = positive(queryTimeout, Duration.ofMinutes(1), "query_timeout");
        maxConcurrentTailRequests = nonNegative(maxConcurrentTailRequests, 10, "max_concurrent_tail_requests");
        maxQuerySeries = nonNegative(maxQuerySeries, 500, "max_query_series");
        discoverLogLevels = discoverLogLevels == null || discoverLogLevels;
        logLevelFields = logLevelFields != null ? List.copyOf(logLevelFields) : LevelDiscovery.DEFAULT_FIELDS;
        logLevelFromJsonMaxDepth = logLevelFromJsonMaxDepth != null ? logLevelFromJsonMaxDepth : 2;
        discoverServiceName = discoverServiceName != null ? List.copyOf(discoverServiceName) : ServiceNames.DEFAULT_DISCOVERY;
    }

    public static LogLimits defaults() {
        return new LogLimits(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** The level discovery pushes go through, or null when {@code discover_log_levels} is off; one per request. */
    LevelDiscovery levelDiscovery() {
        return discoverLogLevels ? new LevelDiscovery(logLevelFields, logLevelFromJsonMaxDepth) : null;
    }

    /** Bytes a second, for the rate limiter. */
    double ingestionRateBytes() {
        return ingestionRateMb * 1024 * 1024;
    }

    double ingestionBurstBytes() {
        return ingestionBurstSizeMb * 1024 * 1024;
    }

    private static int nonNegative(Integer value, int fallback, String key) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        return value;
    }

    private static double nonNegative(Double value, double fallback, String key) {
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value.isNaN()) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        return value;
    }

    private static Duration positive(Duration value, Duration fallback, String key) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return value;
    }
}
