package dev.panoptes.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.text.ShortestDigits;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Number text as Prometheus' encoders write it (the cases of its own codec tests among them). */
class NumberTextTest {

    @Test
    void sampleValuesAreShortestDecimalsWithExponentsOnlyAtTheExtremes() {
        assertThat(NumberText.sampleValue(0)).isEqualTo("0");
        assertThat(NumberText.sampleValue(-0.0)).isEqualTo("-0");
        assertThat(NumberText.sampleValue(20)).isEqualTo("20");
        assertThat(NumberText.sampleValue(1234567.8)).isEqualTo("1234567.8");
        assertThat(NumberText.sampleValue(0.0000012345678)).isEqualTo("0.0000012345678");
        assertThat(NumberText.sampleValue(1.2345678e-67)).isEqualTo("1.2345678e-67");
        assertThat(NumberText.sampleValue(100.123)).isEqualTo("100.123");
        assertThat(NumberText.sampleValue(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(NumberText.sampleValue(1e20)).isEqualTo("100000000000000000000");
        assertThat(NumberText.sampleValue(1e21)).isEqualTo("1e+21");
        assertThat(NumberText.sampleValue(-1.5e300)).isEqualTo("-1.5e+300");
        assertThat(NumberText.sampleValue(123456789.125)).isEqualTo("123456789.125");
        assertThat(NumberText.sampleValue(1e15 + 0.5)).isEqualTo("1000000000000000.5");
        assertThat(NumberText.sampleValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(NumberText.sampleValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(NumberText.sampleValue(Double.NaN)).isEqualTo("NaN");
        assertThat(NumberText.sampleValue(5e-300)).isEqualTo("5e-300");
        assertThat(NumberText.sampleValue(1.0 / 30)).isEqualTo("0.03333333333333333");
        assertThat(NumberText.sampleValue(-2.0 / 3)).isEqualTo("-0.6666666666666666");
        assertThat(NumberText.sampleValue(1.2345678901234566e-7)).isEqualTo("1.2345678901234566e-07");
        assertThat(NumberText.sampleValue(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(NumberText.sampleValue(123456789012345680.0)).isEqualTo("123456789012345680");
    }

    @Test
    void oneDigitIsEnoughWhereItReadsBackAsGoWritesIt() {
        // Java's Double.toString writes 4.9E-324 and 9.9E-324 here.
        assertThat(NumberText.sampleValue(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(NumberText.sampleValue(-2 * Double.MIN_VALUE)).isEqualTo("-1e-323");
        byte[] out = new byte[32];
        int end = NumberText.sampleValueBytes(Double.MIN_VALUE, out, 0, new ShortestDigits());
        assertThat(new String(out, 0, end, StandardCharsets.US_ASCII)).isEqualTo("5e-324");
    }

    @Test
    void fixedNotationNeverUsesAnExponent() {
        assertThat(NumberText.fixed(1e-7)).isEqualTo("0.0000001");
        assertThat(NumberText.fixed(1.5e21)).isEqualTo("1500000000000000000000");
        assertThat(NumberText.fixed(2.5)).isEqualTo("2.5");
    }

    @Test
    void jsonNumbersDropTheExponentsPadding() {
        assertThat(NumberText.jsonNumber(1e-7)).isEqualTo("1e-7");
        assertThat(NumberText.jsonNumber(6.01e-7)).isEqualTo("6.01e-7");
        assertThat(NumberText.jsonNumber(0.000086389)).isEqualTo("0.000086389");
        assertThat(NumberText.jsonNumber(1700000060.5)).isEqualTo("1700000060.5");
    }

    @Test
    void timestampsSpellOutTheirMilliseconds() {
        assertThat(NumberText.timestamp(0)).isEqualTo("0");
        assertThat(NumberText.timestamp(1)).isEqualTo("0.001");
        assertThat(NumberText.timestamp(10)).isEqualTo("0.010");
        assertThat(NumberText.timestamp(1100)).isEqualTo("1.100");
        assertThat(NumberText.timestamp(12345678123456555L)).isEqualTo("12345678123456.555");
        assertThat(NumberText.timestamp(-1)).isEqualTo("-0.001");
        assertThat(NumberText.timestamp(1_700_000_000_000L)).isEqualTo("1700000000");
    }

    @Test
    void byteFormattedSampleValuesEqualTheTextForm() {
        for (double v : new double[] {0, -0.0, 1, -1, 0.5, 0.1 + 0.2, 1e-6, 1e-6 + 1e-22, 9.99999999999999e-7, 1e-3, 1e7, 1e15,
                1e15 - 0.5, 1e15 + 0.5, 999999999999999.9, 99999999999999.9, 0.000001234567890123, 123456789012345.6,
                1e21, 1e-7, 12345.678, -0.0000012345678, Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.3, 2.5e-5, 4.35, 7.000000000000001}) {
            assertBytesMatch(v);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 400_000; i++) {
            // Any bit pattern: every range, subnormals, NaNs and infinities.
            assertBytesMatch(Double.longBitsToDouble(random.nextLong()));
            // Short decimals as counters' rates and gauges carry them, at every scale the fast path takes.
            long digits = random.nextLong(1, 1_000_000_000_000_000L) / (long) Math.pow(10, random.nextInt(16));
            double scaled = digits / Math.pow(10, random.nextInt(23)) * (random.nextBoolean() ? 1 : -1);
            assertBytesMatch(scaled);
            assertBytesMatch(Math.nextUp(scaled));
            assertBytesMatch(Math.nextDown(scaled));
            // Doubles of 16-17 digits in the common range, as a rate's quotient is.
            assertBytesMatch(random.nextDouble() * Math.pow(10, random.nextInt(-7, 16)));
        }
    }

    private static void assertBytesMatch(double v) {
        byte[] out = new byte[40];
        out[0] = 'x';
        int end = NumberText.sampleValueBytes(v, out, 1, new ShortestDigits());
        String written = new String(out, 1, end - 1, StandardCharsets.US_ASCII);
        if (!written.equals(NumberText.sampleValue(v))) {
            assertThat(written).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(NumberText.sampleValue(v));
        }
        if (!Double.isNaN(v)) {
            assertThat(Double.parseDouble(written.replace("Inf", "Infinity"))).isEqualTo(v);
        }
    }

    @Test
    void byteFormattedTimestampsEqualTheTextForm() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] out = new byte[32];
        for (int i = 0; i < 100_000; i++) {
            long millis = i < 50_000 ? random.nextLong(-10_000_000_000_000L, 10_000_000_000_000L) : random.nextLong(-5000, 5000);
            int end = NumberText.timestampBytes(millis, out, 3);
            // seconds with exactly the milliseconds when there are any: 1.500, -0.250, 12
            String expected = millis % 1000 == 0 ? Long.toString(millis / 1000) : java.math.BigDecimal.valueOf(millis, 3).toPlainString();
            assertThat(new String(out, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(expected);
            assertThat(NumberText.timestamp(millis)).isEqualTo(expected);
        }
    }

    @Test
    void byteFormattedIntegersEqualJavasDecimalForm() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] out = new byte[32];
        long[] edges = {0, 9, 10, 99, 100, 101, 999, 1000, 1_000_000_000L, 9_999_999_999L, 999_999_999_999_999_999L,
                1_000_000_000_000_000_000L, Long.MAX_VALUE, -1, -10, -99, -100, -Long.MAX_VALUE};
        for (long v : edges) {
            int end = NumberText.longBytes(v, out, 2);
            assertThat(new String(out, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
        for (int i = 0; i < 200_000; i++) {
            // every digit count equally often
            long v = random.nextLong() >> random.nextInt(64);
            if (v == Long.MIN_VALUE) {
                continue;
            }
            int end = NumberText.longBytes(v, out, 2);
            assertThat(new String(out, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }
}
