package dev.panoptes.logs.api;

import dev.panoptes.core.time.Durations;
import java.time.Duration;

/**
 * What the query API lets one request do, with Loki's meanings (the server fills these in from
 * the {@code logs.limits:} section).
 *
 * @param maxEntriesLimitPerQuery the largest {@code limit} a log query may ask for (0: no limit)
 * @param maxQueryLength the longest {@code end - start} a query may cover (zero: no limit)
 * @param maxQueryBytesRead the most line bytes a query may read, as the index estimates them
 *     before it runs (0: no limit)
 * @param queryTimeout how long one request may run before it is stopped with 504
 * @param maxConcurrentTailRequests live tails one tenant may hold open at once (0: none allowed)
 * @param maxQuerySeries the most series a metric query's result may hold (0: no limit)
 */
public record LokiQueryLimits(int maxEntriesLimitPerQuery, Duration maxQueryLength, long maxQueryBytesRead, Duration queryTimeout,
                              int maxConcurrentTailRequests, int maxQuerySeries) {

    public LokiQueryLimits {
        if (maxEntriesLimitPerQuery < 0 || maxQueryBytesRead < 0 || maxConcurrentTailRequests < 0 || maxQuerySeries < 0) {
            throw new IllegalArgumentException("query limits must not be negative");
        }
        if (maxQueryLength.isNegative() || queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("max_query_length must not be negative and query_timeout must be positive");
        }
    }

    /** Refuses a {@code limit} above {@code max_entries_limit_per_query}, with Loki's message. */
    void checkEntriesLimit(int limit) throws LokiApiException {
        if (maxEntriesLimitPerQuery > 0 && limit > maxEntriesLimitPerQuery) {
            throw LokiApiException.badRequest("max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > "
                    + maxEntriesLimitPerQuery + ")");
        }
    }

    /** Refuses a range longer than {@code max_query_length} with Loki's message. */
    void checkLength(long start, long end) throws LokiApiException {
        long limit = maxQueryLength.toNanos();
        if (limit > 0 && end - start > limit) {
            throw LokiApiException.badRequest("the query time range exceeds the limit (query length: " + GoFormat.duration(end - start)
                    + ", limit: " + Durations.format(maxQueryLength) + ")");
        }
    }

    /** Refuses a query whose estimated line bytes pass {@code max_query_bytes_read}, with Loki's message. */
    void checkBytesRead(long estimatedBytes) throws LokiApiException {
        if (maxQueryBytesRead > 0 && estimatedBytes > maxQueryBytesRead) {
            throw LokiApiException.badRequest("the query would read too many bytes (query: " + GoFormat.iecBytes(estimatedBytes) + ", limit: "
                    + GoFormat.iecBytes(maxQueryBytesRead)
                    + "); consider adding more specific stream selectors or reduce the time range of the query");
        }
    }

    /**
     * Refuses a metric query result of more than {@code max_query_series} series, with Loki's
     * message; Loki fails the query rather than cut it.
     */
    void checkSeries(int series) throws LokiApiException {
        if (maxQuerySeries > 0 && series > maxQuerySeries) {
            throw LokiApiException.badRequest("maximum number of series (" + maxQuerySeries + ") reached for a single query; consider "
                    + "reducing query cardinality by adding more specific stream selectors, reducing the time range, or aggregating "
                    + "results with functions like sum(), count() or topk()");
        }
    }

    /** Loki's defaults: 5000 entries, 721h, no byte limit, one minute, ten tails, 500 series. */
    public static LokiQueryLimits defaults() {
        return new LokiQueryLimits(5000, Duration.ofHours(721), 0, Duration.ofMinutes(1), 10, 500);
    }
}
