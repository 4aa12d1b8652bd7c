package dev.panoptes.metrics.promql.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassicBucketFunctionsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static ClassicQuantile quantile(double q, double[] bounds, double[] counts) {
        return ClassicBucketFunctions.quantile(q, bounds.clone(), counts.clone(), bounds.length);
    }

    @Test
    void interpolatesLinearlyWithinTheBucketOfTheRank() {
        double[] bounds = {0.1, 0.2, 1, INF};
        double[] counts = {10, 20, 40, 40};

        assertThat(quantile(0.5, bounds, counts).value()).isCloseTo(0.2 + 0.8 * 0.0, within(1e-12));
        assertThat(quantile(0.75, bounds, counts).value()).isCloseTo(0.2 + 0.8 * 0.5, within(1e-12));
        // The first bucket starts at 0.
        assertThat(quantile(0.125, bounds, counts).value()).isCloseTo(0.05, within(1e-12));
        assertThat(quantile(1, bounds, counts).value()).isEqualTo(1);
    }

    @Test
    void rankInTheInfiniteBucketGivesTheSecondHighestBound() {
        assertThat(quantile(0.99, new double[] {1, 2, INF}, new double[] {1, 2, 10}).value()).isEqualTo(2);
    }

    @Test
    void nonPositiveFirstBoundIsReturnedAsIs() {
        assertThat(quantile(0.1, new double[] {-1, 0, INF}, new double[] {5, 10, 10}).value()).isEqualTo(-1);
    }

    @Test
    void needsTheInfiniteBucketTwoBucketsAndObservations() {
        assertThat(quantile(0.5, new double[] {1, 2}, new double[] {1, 2}).value()).isNaN();
        assertThat(quantile(0.5, new double[] {INF}, new double[] {3}).value()).isNaN();
        assertThat(quantile(0.5, new double[] {1, INF}, new double[] {0, 0}).value()).isNaN();
        assertThat(quantile(Double.NaN, new double[] {1, INF}, new double[] {1, 1}).value()).isNaN();
        assertThat(quantile(-0.1, new double[] {1, 2}, new double[] {1, 1}).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(quantile(1.1, new double[] {1, 2}, new double[] {1, 1}).value()).isEqualTo(INF);
    }

    @Test
    void sortsBucketsAndMergesEqualBounds() {
        double[] bounds = {INF, 1, 0.5, 1};
        double[] counts = {10, 2, 2, 2};

        ClassicQuantile q = ClassicBucketFunctions.quantile(0.3, bounds, counts, 4);

        // Buckets 0.5 → 2, 1 → 4, +Inf → 10: rank 3 is halfway through (0.5, 1].
        assertThat(q.value()).isCloseTo(0.75, within(1e-12));
        assertThat(bounds).startsWith(0.5, 1, INF);
        assertThat(q.forcedMonotonic()).isFalse();
    }

    @Test
    void fixesNonMonotonicCountsAndReportsWhere() {
        // Cumulative counts at 50m of buckets growing by 2, 1, 5, 4, 9, 8 per step.
        double[] bounds = {0.1, 1, 10, 100, 1000, INF};
        double[] counts = {20, 10, 50, 40, 90, 80};

        ClassicQuantile low = quantile(0.01, bounds, counts);
        ClassicQuantile mid = quantile(0.5, bounds, counts);
        ClassicQuantile high = quantile(0.99, bounds, counts);

        assertThat(low.value()).isCloseTo(0.0045, within(1e-12));
        assertThat(mid.value()).isCloseTo(8.5, within(1e-12));
        assertThat(high.value()).isCloseTo(979.75, within(1e-9));
        assertThat(mid.forcedMonotonic()).isTrue();
        assertThat(mid.minBucket()).isEqualTo(1);
        assertThat(mid.maxBucket()).isEqualTo(INF);
        assertThat(mid.maxDiff()).isEqualTo(10);
    }

    @Test
    void ignoresRoundingSizedDifferencesWithoutReportingThem() {
        double[] counts = {10, 10 - 1e-12, 20};

        ClassicQuantile q = quantile(0.5, new double[] {1, 2, INF}, counts);

        assertThat(q.forcedMonotonic()).isFalse();
        assertThat(q.fixedPrecision()).isTrue();
        assertThat(q.value()).isEqualTo(1);
    }

    @Test
    void fractionInterpolatesLinearly() {
        double[] bounds = {1, 2, 4, INF};
        double[] counts = {2, 6, 8, 10};

        assertThat(ClassicBucketFunctions.fraction(0, 2, bounds.clone(), counts.clone(), 4)).isCloseTo(0.6, within(1e-12));
        assertThat(ClassicBucketFunctions.fraction(1, 3, bounds.clone(), counts.clone(), 4)).isCloseTo(0.5, within(1e-12));
        assertThat(ClassicBucketFunctions.fraction(0.5, 1, bounds.clone(), counts.clone(), 4)).isCloseTo(0.1, within(1e-12));
        // Nothing of the +Inf bucket is interpolated.
        assertThat(ClassicBucketFunctions.fraction(4, 100, bounds.clone(), counts.clone(), 4)).isZero();
        assertThat(ClassicBucketFunctions.fraction(4, INF, bounds.clone(), counts.clone(), 4)).isCloseTo(0.2, within(1e-12));
        assertThat(ClassicBucketFunctions.fraction(3, 1, bounds.clone(), counts.clone(), 4)).isZero();
        assertThat(ClassicBucketFunctions.fraction(0, 1, new double[] {1, 2}, new double[] {1, 2}, 2)).isNaN();
    }

    @Test
    void fractionAgreesWithTheCustomBucketVersion() {
        double[] positive = {1, 2, 3, INF};
        double[] positiveCounts = {1, 3, 6, 100};
        double[] negative = {-3, -2, -1, INF};
        double[] negativeCounts = {10, 12, 15, 100};

        assertThat(ClassicBucketFunctions.fraction(0, 1.5, positive.clone(), positiveCounts.clone(), 4)).isCloseTo(0.02, within(1e-12));
        assertThat(ClassicBucketFunctions.fraction(-4, -2, negative.clone(), negativeCounts.clone(), 4)).isCloseTo(0.02, within(1e-12));
        assertThat(ClassicBucketFunctions.fraction(Double.NEGATIVE_INFINITY, -1.5, negative.clone(), negativeCounts.clone(), 4))
                .isCloseTo(0.135, within(1e-12));
    }

    @Test
    void fractionBelowANonPositiveFirstBoundCountsItFully() {
        double[] bounds = {-1, 1, INF};
        double[] counts = {4, 8, 8};

        assertThat(ClassicBucketFunctions.fraction(Double.NEGATIVE_INFINITY, -2, bounds.clone(), counts.clone(), 3))
                .isCloseTo(0.5, within(1e-12));
        assertThat(ClassicBucketFunctions.fraction(-1, 0, bounds.clone(), counts.clone(), 3)).isCloseTo(0.25, within(1e-12));
    }
}
