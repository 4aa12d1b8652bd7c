package dev.panoptes.core.histogram;

import static dev.panoptes.core.histogram.FloatHistogramArithmeticTest.custom;
import static dev.panoptes.core.histogram.FloatHistogramArithmeticTest.exponential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloatHistogramLayoutTest {

    @Test
    void compactDropsEmptyBucketsAndMergesAdjacentSpans() {
        FloatHistogram h = new FloatHistogram().schema(0)
                .positiveSpans(new Span(-2, 3), new Span(0, 2), new Span(0, 0), new Span(3, 2))
                .positiveBuckets(0, 1, 0, 2, 0, 0, 3);

        h.compact(0);

        // Buckets -1, 1 and 7 are populated.
        assertThat(h.positiveSpans()).containsExactly(new Span(-1, 1), new Span(1, 1), new Span(5, 1));
        assertThat(h.positiveBuckets()).containsExactly(1, 2, 3);
    }

    @Test
    void compactKeepsShortRunsOfEmptyBucketsInsideOneSpan() {
        FloatHistogram h = new FloatHistogram().schema(0)
                .positiveSpans(new Span(0, 2), new Span(1, 1), new Span(3, 1))
                .positiveBuckets(1, 0, 2, 3);

        h.compact(2);

        // Buckets 0, 3, 7: the gap of two is kept, the gap of three is not.
        assertThat(h.positiveSpans()).containsExactly(new Span(0, 4), new Span(3, 1));
        assertThat(h.positiveBuckets()).containsExactly(1, 0, 0, 2, 3);
    }

    @Test
    void compactOfOnlyEmptyBucketsLeavesNoSpans() {
        FloatHistogram h = exponential(0, 3, 0, 0);
        h.negativeSpans(new Span(0, 1)).negativeBuckets(0);

        h.compact(0);

        assertThat(h.positiveSpans()).isEmpty();
        assertThat(h.positiveBuckets()).isEmpty();
        assertThat(h.negativeSpans()).isEmpty();
    }

    @Test
    void reducesResolutionByMergingNeighbours() {
        // Schema 2, buckets 1..5: (1,1.19], ..., (2,2.38]; schema 0 buckets 1 = (1,2] and 2 = (2,4].
        FloatHistogram h = exponential(2, 1, 1, 2, 3, 4, 5);
        h.negativeSpans(new Span(-3, 1)).negativeBuckets(7);

        h.reduceResolution(0);

        assertThat(h.schema()).isZero();
        assertThat(h.positiveSpans()).containsExactly(new Span(1, 2));
        assertThat(h.positiveBuckets()).containsExactly(10, 5);
        // Schema 2 bucket -3 = (2^-1, 2^-0.75] lies in schema 0 bucket 0 = (0.5, 1].
        assertThat(h.negativeSpans()).containsExactly(new Span(0, 1));
        assertThat(h.negativeBuckets()).containsExactly(7);
    }

    @Test
    void reduceResolutionRefusesCustomBucketsAndFinerTargets() {
        assertThatThrownBy(() -> custom(new double[] {1}, 1, 1).reduceResolution(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot reduce resolution when there are custom buckets");
        assertThatThrownBy(() -> exponential(0, 0, 1).reduceResolution(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot reduce resolution from schema 0 to 1");
    }

    @Test
    void detectsResetFromHintsFirst() {
        FloatHistogram previous = exponential(0, 0, 1);
        FloatHistogram grown = exponential(0, 0, 5);
        FloatHistogram shrunk = exponential(0, 0, 0.5);

        assertThat(grown.detectReset(previous)).isFalse();
        assertThat(grown.counterResetHint(CounterResetHint.COUNTER_RESET).detectReset(previous)).isTrue();
        assertThat(shrunk.detectReset(previous)).isTrue();
        assertThat(shrunk.counterResetHint(CounterResetHint.NOT_COUNTER_RESET).detectReset(previous)).isFalse();
        // A gauge used as a counter is compared like a counter.
        assertThat(exponential(0, 0, 0.5).counterResetHint(CounterResetHint.GAUGE).detectReset(previous)).isTrue();
    }

    @Test
    void detectsResetWhenABucketDecreasesOrDisappears() {
        FloatHistogram previous = exponential(0, 0, 2, 2);
        FloatHistogram moved = exponential(0, 1, 3, 3).count(6);
        FloatHistogram grown = exponential(0, -1, 1, 2, 2).count(6);

        assertThat(moved.detectReset(previous)).isTrue();
        assertThat(grown.detectReset(previous)).isFalse();
        FloatHistogram emptied = exponential(0, 0, 0, 2).count(10).zeroCount(8);
        assertThat(emptied.detectReset(previous)).isTrue();
    }

    @Test
    void missingEmptyBucketsAreNoReset() {
        FloatHistogram previous = exponential(0, 0, 0, 2);
        FloatHistogram current = exponential(0, 1, 2);

        assertThat(current.detectReset(previous)).isFalse();
    }

    @Test
    void comparesAfterBringingThePreviousSampleToTheCurrentSchema() {
        FloatHistogram previous = exponential(1, 1, 1, 2);
        FloatHistogram sameTotal = exponential(0, 1, 3);
        FloatHistogram less = exponential(0, 1, 2.5).count(4);

        assertThat(sameTotal.detectReset(previous)).isFalse();
        assertThat(less.detectReset(previous)).isTrue();
        // More resolution than before only comes with a reset.
        assertThat(exponential(2, 1, 5).detectReset(previous)).isTrue();
    }

    @Test
    void comparesZeroBucketsAfterWideningThePreviousOne() {
        FloatHistogram previous = new FloatHistogram().schema(0).zeroThreshold(0.25).zeroCount(1).count(3)
                .positiveSpans(new Span(-1, 1)).positiveBuckets(2);
        FloatHistogram wider = new FloatHistogram().schema(0).zeroThreshold(0.5).zeroCount(3).count(3);
        FloatHistogram widerButLess = new FloatHistogram().schema(0).zeroThreshold(0.5).zeroCount(2).count(3);
        FloatHistogram narrower = new FloatHistogram().schema(0).zeroThreshold(0.125).zeroCount(5).count(5);
        FloatHistogram cutting = new FloatHistogram().schema(0).zeroThreshold(0.3).zeroCount(9).count(9);

        assertThat(wider.detectReset(previous)).isFalse();
        assertThat(widerButLess.detectReset(previous)).isTrue();
        assertThat(narrower.detectReset(previous)).isTrue();
        assertThat(cutting.detectReset(previous)).isTrue();
    }

    @Test
    void comparesCustomBucketsUpToTheBoundsBothShare() {
        FloatHistogram previous = custom(new double[] {1, 2, 5}, 1, 2, 3, 4);
        FloatHistogram merged = custom(new double[] {2, 5}, 3, 3, 4);
        FloatHistogram decreased = custom(new double[] {2, 5}, 2, 4, 4);

        assertThat(merged.detectReset(previous)).isFalse();
        assertThat(decreased.detectReset(previous)).isTrue();
        assertThat(custom(new double[] {1, 2, 5}, 1, 2, 3, 4).detectReset(exponential(0, 0, 1))).isTrue();
    }

    @Test
    void anAddedCustomBoundCanRevealAResetInsideASharedBucket() {
        FloatHistogram earlier = custom(new double[] {2, 4, 6}, 1, 2, 5, 7);
        FloatHistogram later = custom(new double[] {2, 3, 4, 6}, 1, 0, 1, 5, 8);

        // Up to 4 the later sample holds 2 observations, the earlier 3.
        assertThat(later.detectReset(earlier)).isTrue();
        assertThat(custom(new double[] {2, 3, 4, 6}, 1, 1, 1, 5, 8).detectReset(earlier)).isFalse();
    }

    @Test
    void validatesSpansAgainstBuckets() {
        FloatHistogram h = exponential(0, 0, 1, 2).positiveSpans(new Span(0, 3));

        assertThatThrownBy(h::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("positive side: spans need 3 buckets, have 2 buckets: histogram spans specify different number of buckets than provided");
        FloatHistogram negativeOffset = exponential(0, 0, 1, 2).positiveSpans(new Span(0, 1), new Span(-2, 1));
        assertThatThrownBy(negativeOffset::validate)
                .hasMessage("positive side: span number 2 with offset -2: histogram has a span whose offset is negative");
    }

    @Test
    void validatesCounts() {
        assertThatThrownBy(exponential(0, 0, 1, -2).count(0)::validate)
                .hasMessage("positive side: bucket number 2 has observation count of -2: histogram has a bucket whose observation count is negative");
        assertThatThrownBy(exponential(0, 0, 1).zeroCount(-1)::validate)
                .hasMessage("zero bucket has observation count of -1: histogram has a bucket whose observation count is negative");
        assertThatThrownBy(exponential(0, 0, 1).count(-1.5)::validate)
                .hasMessage("observation count is  -1.5: histogram's observation count is negative");
        exponential(0, 0, 1, 2).count(2).validate();
    }

    @Test
    void validatesSchemaAndCustomBounds() {
        assertThatThrownBy(exponential(9, 0, 1)::validate)
                .hasMessage("histogram has an invalid schema, which must be between -4 and 8 for exponential buckets, or -53 for custom buckets, got schema 9");
        assertThatThrownBy(custom(new double[] {2, 1}, 1, 1, 1)::validate)
                .hasMessage("custom buckets: previous bound is 2.000000 and current is 1.000000: histogram custom bounds must be in strictly increasing order");
        assertThatThrownBy(custom(new double[] {1}, 1, 1, 1)::validate)
                .hasMessage("custom buckets: only 1 custom bounds defined which is insufficient to cover total span length of 3: histogram custom bounds are too few");
        assertThatThrownBy(custom(new double[] {1, Double.POSITIVE_INFINITY}, 1)::validate)
                .hasMessage("custom buckets: last +Inf bound must not be explicitly defined: histogram custom bounds must be finite");
        assertThatThrownBy(custom(new double[] {1}, 1).zeroThreshold(0.1)::validate)
                .hasMessage("custom buckets: must have zero threshold of 0");
        assertThatThrownBy(exponential(0, 0, 1).customValues(1)::validate)
                .hasMessage("histogram with exponential schema must not have custom bounds");
    }

    @Test
    void integerHistogramCountMustMatchItsBuckets() {
        Histogram h = new Histogram().schema(0).count(5).zeroCount(1).sum(3).positiveSpans(new Span(0, 2)).positiveBuckets(1, 1);

        assertThatThrownBy(h::validate)
                .hasMessage("4 observations found in buckets, but the Count field is 5: histogram's observation count should equal the number of observations found in the buckets (in absence of NaN)");
        h.sum(Double.NaN).validate();
        assertThatThrownBy(h.count(3)::validate)
                .hasMessage("4 observations found in buckets, but the Count field is 3: histogram's observation count should be at least the number of observations found in the buckets");
        assertThatThrownBy(new Histogram().schema(0).count(0).positiveSpans(new Span(0, 2)).positiveBuckets(1, -2)::validate)
                .hasMessage("positive side: bucket number 2 has observation count of -1: histogram has a bucket whose observation count is negative");
    }
}
