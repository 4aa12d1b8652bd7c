package dev.panoptes.metrics.api;

import dev.panoptes.metrics.promql.EngineSettings;
import java.time.Duration;

/**
 * The {@code query:} section of the server configuration: how the PromQL engine evaluates and
 * what one tenant may ask of it at once. Absent keys take Prometheus' defaults.
 *
 * @param lookbackDelta how far back an instant selector looks for a sample (5m)
 * @param timeout the longest a query may run, queueing included; a request's {@code timeout}
 *     parameter may only shorten it (2m)
 * @param maxSamples most samples one query may hold in memory at once (50,000,000)
 * @param maxConcurrent queries one tenant may run at the same time (20)
 * @param queueSize queries of one tenant that may wait for a slot; beyond, requests are refused
 *     with 503 (100)
 * @param enableAdminApi whether {@code /api/v1/admin/tsdb/*} may delete data (false)
 * @param useStartTimestamps whether rates and {@code start_timestamp} read the samples' start
 *     timestamps (false, as Prometheus' {@code use-start-timestamps} feature)
 * @param maxSeries most series one query may select, over all its selectors; 0 for no limit (0)
 * @param parallelism threads one query may evaluate on at once, its own included, drawing helpers
 *     from one pool of {@code parallelism - 1} threads for the process; 1 evaluates each query on
 *     its own thread only; 0 for the available processors (the default)
 */
public record QuerySettings(Duration lookbackDelta, Duration timeout, Long maxSamples, Integer maxConcurrent, Integer queueSize,
                            Boolean enableAdminApi, Boolean useStartTimestamps, Long maxSeries, Integer parallelism) {

    public QuerySettings {
        lookbackDelta = lookbackDelta == null ? Duration.ofMinutes(5) : lookbackDelta;
        timeout = timeout == null ? Duration.ofMinutes(2) : timeout;
        maxSamples = maxSamples == null ? 50_000_000L : maxSamples;
        maxConcurrent = maxConcurrent == null ? 20 : maxConcurrent;
        queueSize = queueSize == null ? 100 : queueSize;
        enableAdminApi = enableAdminApi != null && enableAdminApi;
        useStartTimestamps = useStartTimestamps != null && useStartTimestamps;
        maxSeries = maxSeries == null ? 0L : maxSeries;
        parallelism = parallelism == null || parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must not be negative");
        }
        if (maxSeries < 0) {
            throw new IllegalArgumentException("max_series must not be negative");
        }
        if (lookbackDelta.isNegative() || lookbackDelta.isZero()) {
            throw new IllegalArgumentException("lookback_delta must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("max_samples must be positive");
        }
        if (maxConcurrent <= 0) {
            throw new IllegalArgumentException("max_concurrent must be positive");
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("queue_size must not be negative");
        }
    }

    /** Settings that leave start timestamps unused. */
    public QuerySettings(Duration lookbackDelta, Duration timeout, Long maxSamples, Integer maxConcurrent, Integer queueSize,
                         Boolean enableAdminApi) {
        this(lookbackDelta, timeout, maxSamples, maxConcurrent, queueSize, enableAdminApi, null, null, null);
    }

    public static QuerySettings defaults() {
        return new QuerySettings(null, null, null, null, null, null, null, null, null);
    }

    /**
     * The engine settings these imply. The range-points bound is Prometheus' ({@code (end - start)
     * / step > 11000} is refused); the API checks it before evaluating and the engine again.
     */
    public EngineSettings engineSettings() {
        EngineSettings d = EngineSettings.defaults();
        return new EngineSettings(lookbackDelta, maxSamples, timeout, d.defaultSubqueryStep(), d.maxPoints(), useStartTimestamps, maxSeries,
                parallelism, d.splitThreshold());
    }
}
