package dev.panoptes.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void convertsDeltaCountsToAbsoluteFloatCounts() {
        Histogram h = new Histogram()
                .schema(0)
                .count(12)
                .sum(18.4)
                .zeroCount(2)
                .zeroThreshold(0.001)
                .positiveSpans(new Span(0, 2), new Span(1, 2))
                .positiveBuckets(1, 1, -1, 0)
                .negativeSpans(new Span(0, 1))
                .negativeBuckets(3);

        FloatHistogram f = h.toFloat();

        assertThat(f.positiveBuckets()).containsExactly(1, 2, 1, 1);
        assertThat(f.negativeBuckets()).containsExactly(3);
        assertThat(f.count()).isEqualTo(12);
        assertThat(f.positiveSpans()).containsExactly(new Span(0, 2), new Span(1, 2));
    }

    @Test
    void copiesAreDeepAndEqual() {
        FloatHistogram original = new FloatHistogram().schema(3).positiveSpans(new Span(-2, 1)).positiveBuckets(5).count(5);

        FloatHistogram copy = original.copy();
        copy.positiveBuckets()[0] = 6;

        assertThat(original.positiveBuckets()).containsExactly(5);
        assertThat(original.copy()).isEqualTo(original);
        assertThat(copy).isNotEqualTo(original);
    }
}
