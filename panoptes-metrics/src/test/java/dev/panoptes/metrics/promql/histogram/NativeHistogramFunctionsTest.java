package dev.panoptes.metrics.promql.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.panoptes.core.histogram.BucketCursor;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeHistogramFunctionsTest {

    private final BucketCursor cursor = new BucketCursor();

    /** Schema 0, zero bucket of width 0.001 holding 2, positive buckets (0.5,1] ... (8,16]. */
    private static FloatHistogram positiveOnly() {
        return new FloatHistogram().schema(0).count(12).sum(100).zeroCount(2).zeroThreshold(0.001)
                .positiveSpans(new Span(0, 5)).positiveBuckets(2, 3, 0, 1, 4);
    }

    private static FloatHistogram negativeOnly() {
        return new FloatHistogram().schema(0).count(12).sum(100).zeroCount(2).zeroThreshold(0.001)
                .negativeSpans(new Span(0, 5)).negativeBuckets(2, 3, 0, 1, 4);
    }

    private static FloatHistogram bothSides() {
        return positiveOnly().count(24).zeroCount(4).negativeSpans(new Span(0, 5)).negativeBuckets(2, 3, 0, 1, 4);
    }

    private double quantile(double q, FloatHistogram h) {
        return NativeHistogramFunctions.quantile(q, h, cursor).value();
    }

    @ParameterizedTest(name = "q={0}")
    @CsvSource({
        "1, 16",
        "0.99, 15.67072476139083",
        "0.9, 12.99603834169977",
        "0.6, 4.594793419988138",
        "0.5, 1.5874010519681994",
        "0.1, 0.0006",
        "0, 0",
    })
    void interpolatesExponentiallyInBucketsAndLinearlyInTheZeroBucket(double q, double expected) {
        assertThat(quantile(q, positiveOnly())).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "q={0}")
    @CsvSource({
        "1, 0",
        "0.99, -0.00006",
        "0.9, -0.0006",
        "0.5, -1.5874010519681996",
        "0.1, -12.996038341699768",
        "0, -16",
    })
    void mirrorsInterpolationForNegativeBuckets(double q, double expected) {
        assertThat(quantile(q, negativeOnly())).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "q={0}")
    @CsvSource({
        "1, 16",
        "0.99, 15.34822590920423",
        "0.7, 1.2030250360821164",
        "0.55, 0.0006",
        "0.5, 0",
        "0.45, -0.0006",
        "0.3, -1.2030250360821169",
        "0.01, -15.34822590920423",
        "0, -16",
    })
    void centresTheZeroBucketWhenBothSidesArePopulated(double q, double expected) {
        assertThat(quantile(q, bothSides())).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "schema {0}")
    @CsvSource({"-1, 2.0", "0, 1.4142135623730951", "1, 1.189207115002721"})
    void theMiddleOfABucketIsItsGeometricMidpointAtAnySchema(int schema, double expected) {
        FloatHistogram h = new FloatHistogram().schema(schema).count(5).sum(4).positiveSpans(new Span(0, 2)).positiveBuckets(0, 5);

        assertThat(quantile(0.5, h)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void quantileOutsideZeroToOneIsInfiniteAndNaNStaysNaN() {
        assertThat(quantile(1.001, positiveOnly())).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(quantile(-1, positiveOnly())).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(quantile(Double.NaN, positiveOnly())).isNaN();
        assertThat(quantile(0.5, new FloatHistogram())).isNaN();
    }

    @Test
    void customBucketsInterpolateLinearlyAndClampTheInfiniteOnes() {
        FloatHistogram h = new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(5, 10).count(4).sum(5)
                .positiveSpans(new Span(0, 3)).positiveBuckets(1, 2, 1);

        assertThat(quantile(0.5, h)).isEqualTo(7.5);
        // The first bucket starts at 0 because its upper bound is positive.
        assertThat(quantile(0.125, h)).isEqualTo(2.5);
        // In the +Inf bucket the answer is its lower bound.
        assertThat(quantile(0.9, h)).isEqualTo(10);
        FloatHistogram belowZero = new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(-2, 3).count(2)
                .positiveSpans(new Span(0, 2)).positiveBuckets(1, 1);
        assertThat(quantile(0.25, belowZero)).isEqualTo(-2);
    }

    @Test
    void nanObservationsMakeAQuantileAboveTheBucketsNaNAndSkewTheOthers() {
        FloatHistogram allNaN = new FloatHistogram().schema(0).count(3).sum(Double.NaN);
        FloatHistogram someNaN = new FloatHistogram().schema(0).count(15).sum(Double.NaN)
                .positiveSpans(new Span(0, 1)).positiveBuckets(12);

        assertThat(NativeHistogramFunctions.quantile(0.4, allNaN, cursor))
                .isEqualTo(new HistogramEstimate(Double.NaN, NanObservations.QUANTILE_IS_NAN));
        assertThat(NativeHistogramFunctions.quantile(0.81, someNaN, cursor))
                .isEqualTo(new HistogramEstimate(Double.NaN, NanObservations.QUANTILE_IS_NAN));
        HistogramEstimate skewed = NativeHistogramFunctions.quantile(0.4, someNaN, cursor);
        assertThat(skewed.value()).isCloseTo(0.7071067811865475, within(1e-12));
        assertThat(skewed.nanObservations()).isEqualTo(NanObservations.QUANTILE_SKEWED_HIGHER);
        assertThat(NativeHistogramFunctions.quantile(0.8, someNaN, cursor).value()).isEqualTo(1);
    }

    @ParameterizedTest(name = "({0}, {1}]")
    @CsvSource({
        "0, Infinity, 1",
        "-Infinity, 0, 0",
        "-0.001, 0, 0",
        "0, 0.001, 0.16666666666666666",
        "0.001, Infinity, 0.8333333333333334",
        "0, 0.0005, 0.08333333333333333",
        "1, 2, 0.25",
        "0, 1.5, 0.4795739585136224",
        "1.5, 2, 0.10375937481971091",
        "3, 1, 0",
    })
    void fractionIsTheInverseOfTheQuantile(double lower, double upper, double expected) {
        assertThat(NativeHistogramFunctions.fraction(lower, upper, positiveOnly(), cursor).value()).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "({0}, {1}]")
    @CsvSource({
        "0, Infinity, 0",
        "-Infinity, 0, 1",
        "-0.001, 0, 0.16666666666666666",
        "-0.0005, 0, 0.08333333333333333",
        "-Infinity, -0.0005, 0.9166666666666666",
        "-2, -1, 0.25",
        "-2, -1.5, 0.10375937481971091",
        "-Infinity, -6, 0.36791979160657035",
        "-6, -1.5, 0.15250624987980724",
        "-3.1, -3.1, 0",
        "NaN, 42, NaN",
        "-Infinity, Infinity, 1",
    })
    void fractionOfNegativeBucketsMirrorsTheInterpolation(double lower, double upper, double expected) {
        double actual = NativeHistogramFunctions.fraction(lower, upper, negativeOnly(), cursor).value();

        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void quantileOfNegativeBucketsInvertsTheirFraction() {
        assertThat(quantile(0.36791979160657035, negativeOnly())).isCloseTo(-6, within(1e-9));
        assertThat(quantile(0.9166666666666666, negativeOnly())).isCloseTo(-0.0005, within(1e-12));
    }

    @Test
    void spreadAcrossNegativeZeroAndPositiveBuckets() {
        // Observations -50, -8, 0, 3, 8, 9 (and one more) at schema 3.
        double[] positive = new double[55];
        positive[13] = 1;
        positive[24] = 1;
        positive[26] = 1;
        positive[54] = 1;
        double[] negative = new double[47];
        negative[24] = 1;
        negative[46] = 1;
        FloatHistogram h = new FloatHistogram().schema(3).count(7).sum(62).zeroCount(1)
                .positiveSpans(new Span(0, 55)).positiveBuckets(positive)
                .negativeSpans(new Span(0, 47)).negativeBuckets(negative);

        assertThat(NativeHistogramFunctions.stddev(h, cursor)).isCloseTo(42.94723640026, within(1e-9));
        assertThat(NativeHistogramFunctions.stdvar(h, cursor)).isCloseTo(1844.4651144196398, within(1e-9));
    }

    @Test
    void fractionOfCustomBucketsNeverInterpolatesTheInfiniteOnes() {
        FloatHistogram positive = new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(1, 2, 3).count(100).sum(1)
                .positiveSpans(new Span(0, 4)).positiveBuckets(1, 2, 3, 94);
        FloatHistogram negative = new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(-3, -2, -1).count(100).sum(1)
                .positiveSpans(new Span(0, 4)).positiveBuckets(10, 2, 3, 85);

        // The first bucket of an all-positive histogram starts at 0.
        assertThat(NativeHistogramFunctions.fraction(0, 1.5, positive, cursor).value()).isCloseTo(0.02, within(1e-12));
        assertThat(NativeHistogramFunctions.fraction(3.5, 5, positive, cursor).value()).isZero();
        assertThat(NativeHistogramFunctions.fraction(-4, -2, negative, cursor).value()).isCloseTo(0.02, within(1e-12));
        assertThat(NativeHistogramFunctions.fraction(Double.NEGATIVE_INFINITY, -1.5, negative, cursor).value()).isCloseTo(0.135, within(1e-12));
        assertThat(NativeHistogramFunctions.fraction(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, negative, cursor).value()).isEqualTo(1);
    }

    @Test
    void fractionRoundTripsThroughTheQuantile() {
        double f = NativeHistogramFunctions.fraction(Double.NEGATIVE_INFINITY, 1.5, bothSides(), cursor).value();

        assertThat(quantile(f, bothSides())).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void fractionOfCustomBucketsAndOfNaNObservations() {
        FloatHistogram h = new FloatHistogram().schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(5, 10).count(4).sum(5)
                .positiveSpans(new Span(0, 3)).positiveBuckets(1, 2, 1);
        assertThat(NativeHistogramFunctions.fraction(5, 10, h, cursor).value()).isEqualTo(0.5);
        assertThat(NativeHistogramFunctions.fraction(Double.NaN, 10, h, cursor).value()).isNaN();

        FloatHistogram someNaN = new FloatHistogram().schema(0).count(15).sum(Double.NaN)
                .positiveSpans(new Span(0, 1)).positiveBuckets(12);
        HistogramEstimate all = NativeHistogramFunctions.fraction(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, someNaN, cursor);
        assertThat(all.value()).isCloseTo(0.8, within(1e-12));
        assertThat(all.nanObservations()).isEqualTo(NanObservations.EXCLUDED_FROM_FRACTION);
    }

    @Test
    void estimatesSpreadFromBucketMidpoints() {
        // Observations 1, 2, 3, 4 at schema 2.
        FloatHistogram lowRes = new FloatHistogram().schema(2).count(4).sum(10)
                .positiveSpans(new Span(0, 9)).positiveBuckets(1, 0, 0, 0, 1, 0, 0, 1, 1);
        assertThat(NativeHistogramFunctions.stddev(lowRes, cursor)).isCloseTo(1.0787993180043811, within(1e-12));
        assertThat(NativeHistogramFunctions.stdvar(lowRes, cursor)).isCloseTo(1.163807968526718, within(1e-12));

        FloatHistogram highRes = new FloatHistogram().schema(8).count(10).sum(10)
                .positiveSpans(new Span(0, 4)).positiveBuckets(1, 2, 3, 4);
        assertThat(NativeHistogramFunctions.stddev(highRes, cursor)).isCloseTo(0.0048960313898237465, within(1e-12));
    }

    @Test
    void spreadOfNegativeBucketsUsesMirroredMidpoints() {
        FloatHistogram h = new FloatHistogram().schema(0).count(10).sum(-112946)
                .negativeSpans(new Span(0, 18)).negativeBuckets(0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 3, 0, 0, 0, 1, 0, 0, 1);

        assertThat(NativeHistogramFunctions.stddev(h, cursor)).isCloseTo(27556.344499842, within(1e-6));
    }

    @Test
    void log2IsExactForPowersOfTwo() {
        for (int e = -1074; e <= 1023; e++) {
            assertThat(NativeHistogramFunctions.log2(Math.scalb(1.0, e))).isEqualTo(e);
        }
        assertThat(NativeHistogramFunctions.log2(3)).isCloseTo(1.584962500721156, within(1e-15));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void fractionBelowAQuantileGivesTheQuantileBack(long seed) {
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(6);
            double[] positive = new double[n];
            double[] negative = new double[random.nextInt(3)];
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += positive[i] = 1 + random.nextInt(5);
            }
            for (int i = 0; i < negative.length; i++) {
                total += negative[i] = 1 + random.nextInt(5);
            }
            double zero = random.nextInt(3);
            FloatHistogram h = new FloatHistogram().schema(random.nextInt(9) - 2).zeroThreshold(zero > 0 ? 1e-3 : 0).zeroCount(zero)
                    .count(total + zero).sum(1)
                    .positiveSpans(new Span(random.nextInt(6), n)).positiveBuckets(positive)
                    .negativeSpans(negative.length == 0 ? new Span[0] : new Span[] {new Span(random.nextInt(4), negative.length)})
                    .negativeBuckets(negative);
            double q = 0.01 + 0.98 * random.nextDouble();

            double value = quantile(q, h);
            double fraction = NativeHistogramFunctions.fraction(Double.NEGATIVE_INFINITY, value, h, cursor).value();

            assertThat(fraction).as("q=%s of %s is %s", q, h, value).isCloseTo(q, within(1e-9));
        }
    }
}
