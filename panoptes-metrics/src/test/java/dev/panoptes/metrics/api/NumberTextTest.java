package dev.panoptes.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

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
}
