package dev.panoptes.metrics.promql;

import java.time.Duration;

/**
 * How the engine evaluates: the lookback of instant selectors, the budgets a single query may
 * use, and the step of subqueries that name none.
 *
 * @param lookbackDelta how far back an instant selector looks for a sample (5 m in Prometheus)
 * @param maxSamples most samples a query may hold in memory at once; beyond, it fails
 * @param timeout the longest a query may run
 * @param defaultSubqueryStep the step of {@code x[10m:]} (Prometheus' evaluation interval, 1 m)
 * @param maxPoints a range query is refused when {@code (end - start) / step} exceeds it (11,000 like Prometheus)
 * @param useStartTimestamps whether {@code rate}, {@code increase}, {@code irate} and {@code resets}
 *     read the samples' start timestamps (counter resets they reveal, a zero at the start instead
 *     of extrapolating) and {@code start_timestamp} answers; off by default, as in Prometheus
 * @param maxSeries most series a query may select from storage, counted over all its selectors;
 *     0 for no limit (the default, as in Prometheus)
 * @param parallelism threads one query's evaluation may use at once, its own included (the
 *     available processors by default); 1 evaluates every query on its own thread alone. Helpers
 *     come from one pool per process ({@link EvaluationPool})
 * @param splitThreshold fewest series a selection must have before its series are split between
 *     threads; smaller ones are not worth the hand-off
 */
public record EngineSettings(Duration lookbackDelta, long maxSamples, Duration timeout, Duration defaultSubqueryStep,
        int maxPoints, boolean useStartTimestamps, long maxSeries, int parallelism, int splitThreshold) {

    /** The series a selection needs before it is split, unless set otherwise. */
    public static final int DEFAULT_SPLIT_THRESHOLD = 128;

    /** Settings without a series limit, evaluating in parallel on the available processors. */
    public EngineSettings(Duration lookbackDelta, long maxSamples, Duration timeout, Duration defaultSubqueryStep, int maxPoints,
                          boolean useStartTimestamps) {
        this(lookbackDelta, maxSamples, timeout, defaultSubqueryStep, maxPoints, useStartTimestamps, 0);
    }

    /** Settings evaluating in parallel on the available processors. */
    public EngineSettings(Duration lookbackDelta, long maxSamples, Duration timeout, Duration defaultSubqueryStep, int maxPoints,
                          boolean useStartTimestamps, long maxSeries) {
        this(lookbackDelta, maxSamples, timeout, defaultSubqueryStep, maxPoints, useStartTimestamps, maxSeries,
                Runtime.getRuntime().availableProcessors(), DEFAULT_SPLIT_THRESHOLD);
    }

    public EngineSettings {
        if (lookbackDelta.isNegative() || lookbackDelta.isZero()) {
            throw new IllegalArgumentException("lookback delta must be positive");
        }
        if (maxSamples <= 0 || maxPoints <= 0 || maxSeries < 0) {
            throw new IllegalArgumentException("query limits must be positive");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        if (splitThreshold < 1) {
            throw new IllegalArgumentException("split threshold must be at least 1");
        }
    }

    /** Prometheus' defaults (5 m lookback, 50 million samples, 2 m timeout, 1 m subquery step), in parallel on the available processors. */
    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofMinutes(5), 50_000_000, Duration.ofMinutes(2), Duration.ofMinutes(1), 11_000, false);
    }

    public EngineSettings withMaxSamples(long max) {
        return new EngineSettings(lookbackDelta, max, timeout, defaultSubqueryStep, maxPoints, useStartTimestamps, maxSeries, parallelism, splitThreshold);
    }

    public EngineSettings withMaxSeries(long max) {
        return new EngineSettings(lookbackDelta, maxSamples, timeout, defaultSubqueryStep, maxPoints, useStartTimestamps, max, parallelism, splitThreshold);
    }

    public EngineSettings withTimeout(Duration t) {
        return new EngineSettings(lookbackDelta, maxSamples, t, defaultSubqueryStep, maxPoints, useStartTimestamps, maxSeries, parallelism, splitThreshold);
    }

    public EngineSettings withLookbackDelta(Duration d) {
        return new EngineSettings(d, maxSamples, timeout, defaultSubqueryStep, maxPoints, useStartTimestamps, maxSeries, parallelism, splitThreshold);
    }

    public EngineSettings withStartTimestamps(boolean use) {
        return new EngineSettings(lookbackDelta, maxSamples, timeout, defaultSubqueryStep, maxPoints, use, maxSeries, parallelism, splitThreshold);
    }

    public EngineSettings withParallelism(int threads) {
        return new EngineSettings(lookbackDelta, maxSamples, timeout, defaultSubqueryStep, maxPoints, useStartTimestamps, maxSeries,
                threads, splitThreshold);
    }

    public EngineSettings withSplitThreshold(int series) {
        return new EngineSettings(lookbackDelta, maxSamples, timeout, defaultSubqueryStep, maxPoints, useStartTimestamps, maxSeries,
                parallelism, series);
    }
}
