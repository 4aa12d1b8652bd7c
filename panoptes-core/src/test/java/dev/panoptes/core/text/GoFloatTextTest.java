package dev.panoptes.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoFloatTextTest {

    @Test
    void specialValuesAreSpelledAsGoSpellsThem() {
        assertThat(GoFloatText.fixed(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFloatText.fixed(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(GoFloatText.fixed(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(GoFloatText.fixed(-0.0)).isEqualTo("-0");
        assertThat(GoFloatText.fixed(0.0)).isEqualTo("0");
        assertThat(GoFloatText.exponent(0.0)).isEqualTo("0e+00");
        assertThat(GoFloatText.exponent(-0.0)).isEqualTo("-0e+00");
        assertThat(GoFloatText.exponent(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void fixedNeverUsesAnExponentAndExponentAlwaysDoes() {
        assertThat(GoFloatText.fixed(1e21)).isEqualTo("1000000000000000000000");
        assertThat(GoFloatText.fixed(1.5e-7)).isEqualTo("0.00000015");
        assertThat(GoFloatText.fixed(-123.25)).isEqualTo("-123.25");
        assertThat(GoFloatText.fixed(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(GoFloatText.fixed(Double.MIN_VALUE)).as("one digit reads back, as Go writes it").endsWith("05");
        assertThat(GoFloatText.exponent(1e-7)).isEqualTo("1e-07");
        assertThat(GoFloatText.exponent(1.5e21)).isEqualTo("1.5e+21");
        assertThat(GoFloatText.exponent(-2.5e-300)).isEqualTo("-2.5e-300");
        assertThat(GoFloatText.exponent(1e6)).isEqualTo("1e+06");
    }

    @Test
    void fixedAgreesWithTheDecimalValueOfTheJdksShortestDigitsOnNormalDoubles() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) < Double.MIN_NORMAL) {
                continue;
            }
            String expected = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
            assertThat(GoFloatText.fixed(v)).as("%s", v).isEqualTo(expected);
            assertThat(Double.parseDouble(GoFloatText.exponent(v))).as("%s", v).isEqualTo(v);
        }
    }
}
