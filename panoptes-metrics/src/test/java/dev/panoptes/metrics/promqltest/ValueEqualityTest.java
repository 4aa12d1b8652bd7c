package dev.panoptes.metrics.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import org.junit.jupiter.api.Test;

class ValueEqualityTest {

    @Test
    void floatsAreEqualWithinARelativeMillionth() {
        assertThat(ValueEquality.floats(1.0, 1.0000005)).isTrue();
        assertThat(ValueEquality.floats(1.0, 1.00001)).isFalse();
        assertThat(ValueEquality.floats(1e300, 1.0000001e300)).isTrue();
        assertThat(ValueEquality.floats(Double.NaN, Double.NaN)).isTrue();
        assertThat(ValueEquality.floats(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(ValueEquality.floats(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(ValueEquality.floats(Double.POSITIVE_INFINITY, Double.MAX_VALUE)).isFalse();
    }

    @Test
    void zeroOnlyEqualsValuesTinierThanTheSmallestNormal() {
        assertThat(ValueEquality.floats(0, 1e-300)).isFalse();
        assertThat(ValueEquality.floats(0, Double.MIN_VALUE)).isTrue();
        assertThat(ValueEquality.floats(0, -0.0)).isTrue();
    }

    @Test
    void theStaleMarkerOnlyEqualsItself() {
        assertThat(ValueEquality.floats(ValueSequence.STALE_NAN, ValueSequence.STALE_NAN)).isTrue();
        assertThat(ValueEquality.floats(ValueSequence.STALE_NAN, Double.NaN)).isFalse();
        assertThat(ValueEquality.floats(Double.NaN, ValueSequence.STALE_NAN)).isFalse();
    }

    private static FloatHistogram histogram() {
        return new FloatHistogram().schema(0).count(4).sum(5).positiveSpans(new Span(0, 3)).positiveBuckets(1, 2, 1);
    }

    @Test
    void histogramsCompareWithoutTheirEmptyBuckets() {
        FloatHistogram padded = histogram().positiveSpans(new Span(-2, 2), new Span(0, 0), new Span(0, 4))
                .positiveBuckets(0, 0, 1, 2, 1, 0);
        assertThat(ValueEquality.histograms(histogram(), padded, false)).isTrue();
        FloatHistogram shifted = histogram().positiveSpans(new Span(1, 3));
        assertThat(ValueEquality.histograms(histogram(), shifted, false)).isFalse();
        FloatHistogram differentCount = histogram().positiveBuckets(1, 2, 1.1);
        assertThat(ValueEquality.histograms(histogram(), differentCount, false)).isFalse();
        assertThat(ValueEquality.histograms(histogram(), histogram().sum(5.000001), false)).isTrue();
        assertThat(ValueEquality.histograms(histogram(), histogram().schema(1), false)).isFalse();
    }

    @Test
    void theCounterResetHintCountsOnlyWhenTheScriptStatesIt() {
        FloatHistogram gauge = histogram().counterResetHint(CounterResetHint.GAUGE);
        assertThat(ValueEquality.histograms(histogram(), gauge, false)).isTrue();
        assertThat(ValueEquality.histograms(histogram(), gauge, true)).isFalse();
    }

    @Test
    void customBoundsMustMatchExactly() {
        FloatHistogram a = new FloatHistogram().schema(-53).count(1).customValues(1, 2).positiveSpans(new Span(0, 1)).positiveBuckets(1);
        assertThat(ValueEquality.histograms(a, a.copy(), false)).isTrue();
        assertThat(ValueEquality.histograms(a, a.copy().customValues(1, 2.0000001), false)).isFalse();
    }
}
