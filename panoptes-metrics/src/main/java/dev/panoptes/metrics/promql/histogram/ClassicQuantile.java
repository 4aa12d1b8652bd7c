package dev.panoptes.metrics.promql.histogram;

/**
 * A quantile of classic buckets and what had to be fixed to compute it. When
 * {@link #forcedMonotonic} is true, some cumulative counts fell with a higher bound and were
 * raised to the count below them: {@link #minBucket} and {@link #maxBucket} are the lowest and
 * highest upper bounds so raised and {@link #maxDiff} the largest rise, which the engine reports
 * in its info annotation. {@link #fixedPrecision} says that differences too small to be real
 * (relative 1e-12, float rounding) were ignored; it is not reported.
 */
public record ClassicQuantile(
        double value, boolean forcedMonotonic, boolean fixedPrecision, double minBucket, double maxBucket, double maxDiff) {

    static ClassicQuantile unfixed(double value) {
        return new ClassicQuantile(value, false, false, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);
    }
}
