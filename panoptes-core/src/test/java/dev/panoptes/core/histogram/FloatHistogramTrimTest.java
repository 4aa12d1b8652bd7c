package dev.panoptes.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Expected values are those of the PromQL conformance scripts for {@code </} and {@code >/}. */
class FloatHistogramTrimTest {

    private static final Offset<Double> CLOSE = within(1e-9);

    /** Schema 0: positive buckets (0.5,1] (1,2] (2,4] (4,8], negative [-1,-0.5) [-2,-1), zero bucket ±0.001. */
    private static FloatHistogram exponentialBothSides() {
        return new FloatHistogram().schema(0).sum(123.75).count(34).zeroCount(1).zeroThreshold(0.001)
                .positiveSpans(new Span(0, 4)).positiveBuckets(2, 4, 8, 16)
                .negativeSpans(new Span(0, 2)).negativeBuckets(1, 2);
    }

    /** Schema 2, so that a threshold inside a bucket is interpolated on the log scale. */
    private static FloatHistogram schemaTwo() {
        return new FloatHistogram().schema(2).sum(12.8286080906).count(28).zeroCount(1).zeroThreshold(0.001)
                .positiveSpans(new Span(0, 5)).positiveBuckets(1, 2, 4, 7, 3)
                .negativeSpans(new Span(0, 4)).negativeBuckets(1, 5, 3, 1);
    }

    /** Custom bounds 5, 10, 15, 20: buckets (-Inf,5] (5,10] (10,15] (15,20] (20,+Inf]. */
    private static FloatHistogram custom() {
        return custom(new double[] {5, 10, 15, 20}, 172.5, 1, 6, 4, 3, 1);
    }

    private static FloatHistogram custom(double[] bounds, double sum, double... counts) {
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        return new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(bounds).sum(sum).count(total)
                .positiveSpans(new Span(0, counts.length)).positiveBuckets(counts);
    }

    @Test
    void upperTrimInsideAnExponentialBucketKeepsTheLogScaleFractionBelow() {
        FloatHistogram h = exponentialBothSides();

        FloatHistogram result = h.trimBuckets(1.4142135624, true);

        assertThat(result).isSameAs(h);
        assertThat(h.count()).isCloseTo(8, CLOSE);
        assertThat(h.sum()).isCloseTo(0.2570938865989847, CLOSE);
        assertThat(h.zeroCount()).isEqualTo(1);
        assertThat(h.positiveSpans()).containsExactly(new Span(0, 2));
        assertThat(h.positiveBuckets()).containsExactly(new double[] {2, 2}, CLOSE);
        assertThat(h.negativeSpans()).containsExactly(new Span(0, 2));
        assertThat(h.negativeBuckets()).containsExactly(1, 2);
    }

    @Test
    void lowerTrimDropsBucketsBelowAndTheZeroBucket() {
        FloatHistogram h = exponentialBothSides().trimBuckets(1.4142135624, false);

        assertThat(h.count()).isCloseTo(26, CLOSE);
        assertThat(h.sum()).isCloseTo(116.50067065070982, CLOSE);
        assertThat(h.zeroCount()).isZero();
        assertThat(h.zeroThreshold()).isEqualTo(0.001);
        assertThat(h.positiveSpans()).containsExactly(new Span(1, 3));
        assertThat(h.positiveBuckets()).containsExactly(new double[] {2, 8, 16}, CLOSE);
        assertThat(h.negativeBuckets()).isEmpty();
    }

    @Test
    void thresholdOnABucketBoundaryKeepsWholeBucketsAtTheirGeometricMidpoints() {
        FloatHistogram below = exponentialBothSides().trimBuckets(2, true);
        FloatHistogram above = exponentialBothSides().trimBuckets(-1, false);

        assertThat(below.count()).isEqualTo(10);
        assertThat(below.sum()).isCloseTo(3.5355339059327373, CLOSE);
        assertThat(below.positiveBuckets()).containsExactly(2, 4);
        assertThat(above.count()).isEqualTo(32);
        assertThat(above.sum()).isCloseTo(119.50104602052653, CLOSE);
        assertThat(above.negativeSpans()).containsExactly(new Span(0, 1));
        assertThat(above.negativeBuckets()).containsExactly(1);
    }

    @Test
    void interpolatesFinerExponentialBucketsOnBothSides() {
        FloatHistogram positive = schemaTwo().trimBuckets(1.13, true);
        FloatHistogram negative = schemaTwo().trimBuckets(-1.3, true);

        assertThat(positive.count()).isCloseTo(13.410582181123704, CLOSE);
        assertThat(positive.sum()).isCloseTo(-9.385798726068233, CLOSE);
        assertThat(positive.positiveBuckets()).containsExactly(new double[] {1, 1.410582181123704}, CLOSE);
        assertThat(negative.count()).isCloseTo(2.45786052095524, CLOSE);
        assertThat(negative.sum()).isCloseTo(-3.5189307983595066, CLOSE);
        assertThat(negative.zeroCount()).isZero();
        assertThat(negative.positiveBuckets()).isEmpty();
        assertThat(negative.negativeSpans()).containsExactly(new Span(2, 2));
        assertThat(negative.negativeBuckets()).containsExactly(new double[] {1.45786052095524, 1}, CLOSE);
    }

    @Test
    void zeroBucketIsSplitLinearlyAtZero() {
        FloatHistogram h = exponentialBothSides().trimBuckets(0, true);

        assertThat(h.count()).isCloseTo(3.5, CLOSE);
        assertThat(h.sum()).isCloseTo(-3.53578390593273768, CLOSE);
        assertThat(h.zeroCount()).isEqualTo(0.5);
        assertThat(h.positiveBuckets()).isEmpty();
        assertThat(h.negativeBuckets()).containsExactly(1, 2);
    }

    @Test
    void zeroBucketBesidePositiveBucketsOnlyCoversItsPositiveHalf() {
        FloatHistogram positiveOnly = new FloatHistogram().schema(0).sum(8.0210678118654755).count(12).zeroCount(2)
                .zeroThreshold(0.5).positiveSpans(new Span(0, 1)).positiveBuckets(10);

        FloatHistogram h = positiveOnly.trimBuckets(0.1, false);

        assertThat(h.count()).isCloseTo(11.6, CLOSE);
        assertThat(h.sum()).isCloseTo(7.551067811865476, CLOSE);
        assertThat(h.zeroCount()).isCloseTo(1.6, CLOSE);
        assertThat(h.positiveBuckets()).containsExactly(10);
    }

    @Test
    void zeroBucketAloneIsSpreadOverBothHalves() {
        FloatHistogram h = new FloatHistogram().schema(0).count(5).zeroCount(5).zeroThreshold(0.1).trimBuckets(0.05, false);

        assertThat(h.count()).isCloseTo(1.25, CLOSE);
        assertThat(h.sum()).isCloseTo(0.09375, CLOSE);
        assertThat(h.zeroCount()).isCloseTo(1.25, CLOSE);
    }

    @Test
    void customBucketsAreInterpolatedLinearly() {
        FloatHistogram below = custom().trimBuckets(13, true);
        FloatHistogram above = custom().trimBuckets(13, false);

        assertThat(below.count()).isCloseTo(9.4, CLOSE);
        assertThat(below.sum()).isCloseTo(75.1, CLOSE);
        assertThat(below.positiveSpans()).containsExactly(new Span(0, 3));
        assertThat(below.positiveBuckets()).containsExactly(new double[] {1, 6, 2.4}, CLOSE);
        assertThat(below.customValues()).containsExactly(5, 10, 15, 20);
        assertThat(above.count()).isCloseTo(5.6, CLOSE);
        assertThat(above.sum()).isCloseTo(94.9, CLOSE);
        assertThat(above.positiveSpans()).containsExactly(new Span(2, 3));
        assertThat(above.positiveBuckets()).containsExactly(new double[] {1.6, 3, 1}, CLOSE);
    }

    @Test
    void upperTrimDropsTheBucketToPlusInfinityEvenAboveItsLowerBound() {
        FloatHistogram h = custom().trimBuckets(50, true);

        assertThat(h.count()).isEqualTo(14);
        assertThat(h.sum()).isCloseTo(150, CLOSE);
        assertThat(h.positiveBuckets()).containsExactly(1, 6, 4, 3);
    }

    @Test
    void lowerTrimKeepsTheBucketToPlusInfinityWholeAtTheThreshold() {
        FloatHistogram h = custom(new double[] {-5}, 33, 1, 100).trimBuckets(10, false);

        assertThat(h.count()).isEqualTo(100);
        assertThat(h.sum()).isCloseTo(1000, CLOSE);
        assertThat(h.positiveSpans()).containsExactly(new Span(1, 1));
        assertThat(h.positiveBuckets()).containsExactly(100);
    }

    @Test
    void firstCustomBucketWithPositiveUpperBoundCountsAsStartingAtZero() {
        FloatHistogram below = custom(new double[] {5}, 33, 1, 100).trimBuckets(2, true);
        FloatHistogram above = custom(new double[] {5}, 33, 1, 100).trimBuckets(2, false);

        assertThat(below.count()).isCloseTo(0.4, CLOSE);
        assertThat(below.sum()).isCloseTo(0.4, CLOSE);
        assertThat(above.count()).isCloseTo(100.6, CLOSE);
        assertThat(above.sum()).isCloseTo(502.1, CLOSE);
        assertThat(above.positiveBuckets()).containsExactly(new double[] {0.6, 100}, CLOSE);
    }

    @Test
    void upperTrimKeepsANonPositiveFirstBucketWholeAtTheThreshold() {
        FloatHistogram h = custom(new double[] {-5}, 33, 1, 100).trimBuckets(-10, true);

        assertThat(h.count()).isEqualTo(1);
        assertThat(h.sum()).isEqualTo(-10);
        assertThat(h.positiveBuckets()).containsExactly(1);
    }

    @Test
    void aSingleBucketFromMinusToPlusInfinityIsDroppedByAnyFiniteThreshold() {
        FloatHistogram below = custom(new double[0], 100, 100).trimBuckets(10, true);
        FloatHistogram above = custom(new double[0], 100, 100).trimBuckets(10, false);

        for (FloatHistogram h : new FloatHistogram[] {below, above}) {
            assertThat(h.count()).isZero();
            assertThat(h.sum()).isZero();
            assertThat(h.positiveBuckets()).isEmpty();
        }
    }

    @Test
    void infiniteThresholdsKeepEverythingExactlyOrNothing() {
        FloatHistogram all = exponentialBothSides().trimBuckets(Double.POSITIVE_INFINITY, true);
        FloatHistogram allCustom = custom().trimBuckets(Double.NEGATIVE_INFINITY, false);
        FloatHistogram none = exponentialBothSides().trimBuckets(Double.POSITIVE_INFINITY, false);

        assertThat(all).isEqualTo(exponentialBothSides());
        assertThat(allCustom).isEqualTo(custom());
        assertThat(none.count()).isZero();
        assertThat(none.sum()).isZero();
        assertThat(none.zeroCount()).isZero();
        assertThat(none.zeroThreshold()).isEqualTo(0.001);
        assertThat(none.positiveBuckets()).isEmpty();
        assertThat(none.negativeBuckets()).isEmpty();
    }

    @Test
    void nanThresholdDropsEveryBucketAndLeavesAPopulatedZeroBucketUnknown() {
        FloatHistogram h = exponentialBothSides().trimBuckets(Double.NaN, true);
        FloatHistogram withoutZeroBucket = custom().trimBuckets(Double.NaN, false);

        assertThat(h.positiveBuckets()).isEmpty();
        assertThat(h.negativeBuckets()).isEmpty();
        assertThat(h.zeroCount()).isNaN();
        assertThat(h.count()).isNaN();
        assertThat(withoutZeroBucket.positiveBuckets()).isEmpty();
        assertThat(withoutZeroBucket.count()).isZero();
        assertThat(withoutZeroBucket.sum()).isZero();
    }

    @Test
    void emptyHistogramStaysEmpty() {
        FloatHistogram empty = new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(-3, 2);

        assertThat(empty.copy().trimBuckets(0, true)).isEqualTo(empty);
        assertThat(new FloatHistogram().trimBuckets(-5, false)).isEqualTo(new FloatHistogram());
    }
}
