package dev.panoptes.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.CounterResetHint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloatHistogramArithmeticTest {

    static FloatHistogram exponential(int schema, int offset, double... positive) {
        double total = 0;
        for (double c : positive) {
            total += c;
        }
        return new FloatHistogram().schema(schema).count(total).sum(total)
                .positiveSpans(positive.length == 0 ? new Span[0] : new Span[] {new Span(offset, positive.length)})
                .positiveBuckets(positive);
    }

    @Test
    void addsBucketsWithTheSameBoundariesAndInsertsTheOthers() {
        FloatHistogram a = exponential(0, 0, 1, 2);
        FloatHistogram b = exponential(0, 1, 5, 0, 3);

        int flags = a.add(b);

        assertThat(flags).isZero();
        assertThat(a.positiveSpans()).containsExactly(new Span(0, 4));
        assertThat(a.positiveBuckets()).containsExactly(1, 7, 0, 3);
        assertThat(a.count()).isEqualTo(11);
        assertThat(a.sum()).isEqualTo(11);
        assertThat(b.positiveBuckets()).containsExactly(5, 0, 3);
    }

    @Test
    void keepsGapsBetweenBucketsAsSeparateSpans() {
        FloatHistogram a = exponential(0, -2, 1);
        FloatHistogram b = exponential(0, 3, 4);

        a.add(b);

        assertThat(a.positiveSpans()).containsExactly(new Span(-2, 1), new Span(4, 1));
        assertThat(a.positiveBuckets()).containsExactly(1, 4);
    }

    @Test
    void takesTheCoarserSchemaMergingTheFinerBuckets() {
        // Schema 1 buckets 1..4 are (1,√2], (√2,2], (2,2√2], (2√2,4]: schema 0 buckets 1 and 2.
        FloatHistogram fine = exponential(1, 1, 1, 2, 3, 4);
        FloatHistogram coarse = exponential(0, 1, 10);

        FloatHistogram left = fine.copy();
        left.add(coarse);
        FloatHistogram right = coarse.copy();
        right.add(fine);

        for (FloatHistogram sum : new FloatHistogram[] {left, right}) {
            assertThat(sum.schema()).isZero();
            assertThat(sum.positiveSpans()).containsExactly(new Span(1, 2));
            assertThat(sum.positiveBuckets()).containsExactly(13, 7);
            assertThat(sum.count()).isEqualTo(20);
        }
        assertThat(fine.schema()).isEqualTo(1);
    }

    @Test
    void mergesBucketsAroundOneAcrossSchemasOnBothSides() {
        // Schema 1 buckets -1 and 0 are (0.5,0.707] and (0.707,1]: schema 0 bucket 0.
        FloatHistogram fine = exponential(1, -1, 2, 3);
        fine.negativeSpans(new Span(-1, 2)).negativeBuckets(4, 5);
        FloatHistogram coarse = new FloatHistogram().schema(0);

        fine.add(coarse);

        assertThat(fine.positiveSpans()).containsExactly(new Span(0, 1));
        assertThat(fine.positiveBuckets()).containsExactly(5);
        assertThat(fine.negativeSpans()).containsExactly(new Span(0, 1));
        assertThat(fine.negativeBuckets()).containsExactly(9);
    }

    @Test
    void widensTheZeroBucketToTheLargerThresholdMergingBucketsInside() {
        // Receiver: zero bucket [-0.001, 0.001] and buckets (0.125,0.25] and (0.5,1].
        FloatHistogram a = new FloatHistogram().schema(0).zeroThreshold(0.001).zeroCount(1).count(6)
                .positiveSpans(new Span(-2, 1), new Span(1, 1)).positiveBuckets(2, 3);
        FloatHistogram b = new FloatHistogram().schema(0).zeroThreshold(0.5).zeroCount(4).count(4);

        a.add(b);

        assertThat(a.zeroThreshold()).isEqualTo(0.5);
        assertThat(a.zeroCount()).isEqualTo(7);
        assertThat(a.positiveSpans()).containsExactly(new Span(0, 1));
        assertThat(a.positiveBuckets()).containsExactly(3);
        assertThat(a.count()).isEqualTo(10);
    }

    @Test
    void movesAThresholdThatCutsAPopulatedBucketToItsUpperBound() {
        FloatHistogram a = new FloatHistogram().schema(0).zeroThreshold(0.001).zeroCount(1).count(6)
                .positiveSpans(new Span(-1, 2)).positiveBuckets(5, 3);
        FloatHistogram b = new FloatHistogram().schema(0).zeroThreshold(0.3).zeroCount(2).count(2);

        a.add(b);

        // 0.3 lies inside (0.25, 0.5], which is populated: the zero bucket grows to 0.5.
        assertThat(a.zeroThreshold()).isEqualTo(0.5);
        assertThat(a.zeroCount()).isEqualTo(8);
        assertThat(a.positiveBuckets()).containsExactly(3);
    }

    @Test
    void foldsTheOtherHistogramsBucketsInsideTheWiderZeroBucketIntoTheZeroCount() {
        FloatHistogram a = new FloatHistogram().schema(0).zeroThreshold(1).zeroCount(2).count(2);
        FloatHistogram b = exponential(0, 0, 3, 4);
        b.negativeSpans(new Span(0, 1)).negativeBuckets(6).count(13);

        a.add(b);

        assertThat(a.zeroThreshold()).isEqualTo(1);
        assertThat(a.zeroCount()).isEqualTo(11);
        assertThat(a.positiveSpans()).containsExactly(new Span(1, 1));
        assertThat(a.positiveBuckets()).containsExactly(4);
        assertThat(a.negativeBuckets()).isEmpty();
        assertThat(a.count()).isEqualTo(15);
    }

    @Test
    void subtractsBucketByBucket() {
        FloatHistogram a = exponential(0, 0, 5, 5);
        a.zeroCount(3).count(13);
        FloatHistogram b = exponential(0, 1, 2, 1);
        b.zeroCount(1).count(4);

        int flags = a.sub(b);

        assertThat(flags).isZero();
        assertThat(a.positiveBuckets()).containsExactly(5, 3, -1);
        assertThat(a.zeroCount()).isEqualTo(2);
        assertThat(a.count()).isEqualTo(9);
    }

    @Test
    void addsCustomBucketsWithEqualBoundsBucketByBucket() {
        FloatHistogram a = custom(new double[] {5, 10}, 1, 2, 1);
        FloatHistogram b = custom(new double[] {5, 10}, 0, 2, 3);

        int flags = a.add(b);

        assertThat(flags).isZero();
        assertThat(a.customValues()).containsExactly(5, 10);
        assertThat(a.positiveBuckets()).containsExactly(1, 4, 4);
        assertThat(a.count()).isEqualTo(9);
    }

    @Test
    void reconcilesDifferentCustomBoundsToTheBoundsBothShare() {
        FloatHistogram a = custom(new double[] {1, 2, 5}, 1, 2, 3, 4);
        FloatHistogram b = custom(new double[] {2, 5, 10}, 10, 20, 30, 40);

        int flags = a.add(b);

        assertThat(flags).isEqualTo(FloatHistogram.CUSTOM_BOUNDS_RECONCILED);
        assertThat(a.customValues()).containsExactly(2, 5);
        assertThat(a.positiveSpans()).containsExactly(new Span(0, 3));
        assertThat(a.positiveBuckets()).containsExactly(13, 23, 74);
        assertThat(a.count()).isEqualTo(110);
    }

    @Test
    void subtractingCustomBucketsWithMoreBoundsMergesThemIntoTheSharedOnes() {
        FloatHistogram later = custom(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 10, 20, 30, 40, 50, 60, 70, 80, 90).sum(555);
        FloatHistogram earlier = custom(new double[] {2, 4, 6}, 1, 2, 5, 7).sum(55);

        int flags = later.sub(earlier);

        assertThat(flags).isEqualTo(FloatHistogram.CUSTOM_BOUNDS_RECONCILED);
        assertThat(later.customValues()).containsExactly(2, 4, 6);
        assertThat(later.positiveBuckets()).containsExactly(29, 68, 105, 233);
        assertThat(later.count()).isEqualTo(435);
        assertThat(later.sum()).isEqualTo(500);
        assertThat(earlier.customValues()).containsExactly(2, 4, 6);
    }

    @Test
    void customBoundsWithNothingInCommonLeaveOnlyTheInfiniteBucket() {
        FloatHistogram a = custom(new double[] {1}, 1, 2);
        FloatHistogram b = custom(new double[] {3}, 4, 8);

        int flags = a.sub(b);

        assertThat(flags).isEqualTo(FloatHistogram.CUSTOM_BOUNDS_RECONCILED);
        assertThat(a.customValues()).isEmpty();
        assertThat(a.positiveSpans()).containsExactly(new Span(0, 1));
        assertThat(a.positiveBuckets()).containsExactly(-9);
    }

    @Test
    void refusesToMixExponentialAndCustomBuckets() {
        FloatHistogram a = exponential(0, 0, 1);
        FloatHistogram b = custom(new double[] {5}, 1, 1);

        assertThatThrownBy(() -> a.add(b))
                .isInstanceOf(IncompatibleHistogramsException.class)
                .hasMessage("cannot apply this operation on histograms with a mix of exponential and custom bucket schemas");
        assertThatThrownBy(() -> b.sub(a)).isInstanceOf(IncompatibleHistogramsException.class);
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
        "GAUGE, GAUGE, GAUGE, false",
        "GAUGE, COUNTER_RESET, GAUGE, false",
        "NOT_COUNTER_RESET, GAUGE, GAUGE, false",
        "UNKNOWN, GAUGE, GAUGE, false",
        "UNKNOWN, NOT_COUNTER_RESET, UNKNOWN, false",
        "COUNTER_RESET, UNKNOWN, UNKNOWN, false",
        "NOT_COUNTER_RESET, NOT_COUNTER_RESET, NOT_COUNTER_RESET, false",
        "COUNTER_RESET, COUNTER_RESET, COUNTER_RESET, false",
        "COUNTER_RESET, NOT_COUNTER_RESET, UNKNOWN, true",
        "NOT_COUNTER_RESET, COUNTER_RESET, UNKNOWN, true",
    })
    void combinesCounterResetHints(CounterResetHint left, CounterResetHint right, CounterResetHint result, boolean collision) {
        FloatHistogram a = exponential(0, 0, 1).counterResetHint(left);
        FloatHistogram b = exponential(0, 0, 1).counterResetHint(right);

        int flags = a.add(b);

        assertThat(a.counterResetHint()).isEqualTo(result);
        assertThat(flags).isEqualTo(collision ? FloatHistogram.COUNTER_RESET_COLLISION : 0);
    }

    @Test
    void multipliesEveryCountAndTheSum() {
        FloatHistogram h = exponential(0, 0, 3, 3, 3).zeroThreshold(0.001).zeroCount(3).count(30).sum(33)
                .negativeSpans(new Span(0, 3)).negativeBuckets(6, 6, 6).counterResetHint(CounterResetHint.NOT_COUNTER_RESET);

        h.mul(3);

        assertThat(h.count()).isEqualTo(90);
        assertThat(h.sum()).isEqualTo(99);
        assertThat(h.zeroCount()).isEqualTo(9);
        assertThat(h.positiveBuckets()).containsExactly(9, 9, 9);
        assertThat(h.negativeBuckets()).containsExactly(18, 18, 18);
        assertThat(h.counterResetHint()).isEqualTo(CounterResetHint.NOT_COUNTER_RESET);
    }

    @Test
    void negativeFactorOrDivisorMakesAGauge() {
        FloatHistogram h = exponential(0, 0, 3, 3, 3).count(30).sum(33);

        h.mul(-1);
        assertThat(h.counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(h.positiveBuckets()).containsExactly(-3, -3, -3);
        assertThat(h.count()).isEqualTo(-30);

        FloatHistogram d = exponential(0, 0, 6).count(6).sum(12);
        d.div(-2);
        assertThat(d.counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(d.positiveBuckets()).containsExactly(-3);
        assertThat(d.sum()).isEqualTo(-6);
    }

    @Test
    void divisionByZeroLeavesNoBuckets() {
        FloatHistogram h = exponential(0, 0, 3, 3).zeroCount(0).count(6).sum(-4);

        h.div(0);

        assertThat(h.count()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(h.sum()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(h.zeroCount()).isNaN();
        assertThat(h.positiveSpans()).isEmpty();
        assertThat(h.positiveBuckets()).isEmpty();
    }

    static FloatHistogram custom(double[] bounds, double... buckets) {
        double total = 0;
        for (double c : buckets) {
            total += c;
        }
        return new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(bounds).count(total).sum(total)
                .positiveSpans(new Span(0, buckets.length)).positiveBuckets(buckets);
    }
}
