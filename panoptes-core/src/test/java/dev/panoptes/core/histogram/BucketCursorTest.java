package dev.panoptes.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketCursorTest {

    record Seen(double lower, double upper, double count) {
    }

    static List<Seen> walk(BucketCursor cursor) {
        List<Seen> seen = new ArrayList<>();
        while (cursor.next()) {
            seen.add(new Seen(cursor.lower(), cursor.upper(), cursor.count()));
        }
        return seen;
    }

    private static FloatHistogram mixed() {
        return new FloatHistogram().schema(0).zeroThreshold(0.001).zeroCount(2).count(13)
                .positiveSpans(new Span(0, 2), new Span(1, 1)).positiveBuckets(1, 2, 3)
                .negativeSpans(new Span(1, 1), new Span(0, 1)).negativeBuckets(4, 5);
    }

    @Test
    void walksNegativeZeroAndPositiveBucketsInAscendingOrder() {
        List<Seen> seen = walk(new BucketCursor().reset(mixed()));

        assertThat(seen).containsExactly(
                new Seen(-4, -2, 5),
                new Seen(-2, -1, 4),
                new Seen(-0.001, 0.001, 2),
                new Seen(0.5, 1, 1),
                new Seen(1, 2, 2),
                new Seen(4, 8, 3));
    }

    @Test
    void walksDescendingInTheExactReverseOrder() {
        List<Seen> ascending = walk(new BucketCursor().reset(mixed()));
        List<Seen> descending = walk(new BucketCursor().resetDescending(mixed()));

        assertThat(descending).containsExactlyElementsOf(ascending.reversed());
    }

    @Test
    void skipsAnEmptyZeroBucketAndCutsBucketsOverlappingIt() {
        FloatHistogram h = new FloatHistogram().schema(0).zeroThreshold(0.75)
                .positiveSpans(new Span(0, 1)).positiveBuckets(3)
                .negativeSpans(new Span(0, 1)).negativeBuckets(1);

        BucketCursor cursor = new BucketCursor().reset(h);

        assertThat(walk(cursor)).containsExactly(new Seen(-1, -0.75, 1), new Seen(0.75, 1, 3));
    }

    @Test
    void customBucketsRunFromMinusToPlusInfinity() {
        FloatHistogram h = new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(5, 10)
                .positiveSpans(new Span(0, 1), new Span(1, 1)).positiveBuckets(1, 2);

        BucketCursor cursor = new BucketCursor().reset(h);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.lowerInclusive()).isTrue();
        assertThat(cursor.index()).isZero();

        assertThat(walk(new BucketCursor().reset(h)))
                .containsExactly(new Seen(Double.NEGATIVE_INFINITY, 5, 1), new Seen(10, Double.POSITIVE_INFINITY, 2));
        assertThat(walk(new BucketCursor().resetDescending(h)))
                .containsExactly(new Seen(10, Double.POSITIVE_INFINITY, 2), new Seen(Double.NEGATIVE_INFINITY, 5, 1));
    }

    @Test
    void exponentialBoundsCoverEverySchema() {
        assertThat(BucketBounds.exponential(1, 0)).isEqualTo(2);
        assertThat(BucketBounds.exponential(1, 1)).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(BucketBounds.exponential(-1, 2)).isCloseTo(Math.pow(2, -0.25), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(BucketBounds.exponential(1, -2)).isEqualTo(16);
        assertThat(BucketBounds.exponential(-2, -1)).isEqualTo(0.0625);
        // The last finite bucket ends at the largest double, the next one at +Inf.
        assertThat(BucketBounds.exponential(1024, 0)).isEqualTo(Double.MAX_VALUE);
        assertThat(BucketBounds.exponential(1025, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(BucketBounds.exponential(256, -2)).isEqualTo(Double.MAX_VALUE);
        assertThat(BucketBounds.exponential(1024 * 256, 8)).isEqualTo(Double.MAX_VALUE);
    }
}
