package dev.panoptes.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shortest digits against the JDK's (shortest since JDK 19, the same choice of the nearest
 * and the even one on a tie) and against reading back, on millions of doubles.
 */
class ShortestDigitsTest {

    private final ShortestDigits digits = new ShortestDigits();
    /** Conversions where the JDK keeps two digits and one reads back. */
    private int singleDigitWhereJdkKeepsTwo;
    private int compared;

    @Test
    void fixedPointLogarithmsAreExactFloorsOverEveryBinaryExponent() {
        for (int q = -1100; q <= 1100; q++) {
            // 2^q and 3/4·2^q as m·10^-|q| or m·10^-(|q|+2) with m an integer: floor(log10) is digits(m) - 1 - shift.
            assertThat(ShortestDigits.floorLog10Pow2(q)).as("q=%d", q).isEqualTo(floorLog10(BigInteger.ONE, q));
            assertThat(ShortestDigits.floorLog10ThreeQuartersPow2(q)).as("q=%d", q)
                    .isEqualTo(floorLog10(BigInteger.valueOf(3), q - 2));
        }
    }

    /** floor(log10(m·2^q)) from exact integers. */
    private static int floorLog10(BigInteger m, int q) {
        BigInteger whole = q >= 0 ? m.shiftLeft(q) : m.multiply(BigInteger.valueOf(5).pow(-q));
        int shift = q >= 0 ? 0 : -q;
        return whole.toString().length() - 1 - shift;
    }

    @Test
    void edgeValuesHaveTheShortestDigits() {
        double[] edges = {Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE),
                1, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.03333333333333333, 9007199254740992.0, 9007199254740993.0,
                4.35, 7.000000000000001, 123456789012345680.0, 1e23, 8.41e21, 5e-324, 1.7976931348623157e308};
        for (double v : edges) {
            assertMatchesTheJdk(v);
            assertNoShorterDigitsReadBack(v);
        }
        digits.convert(Double.MIN_VALUE);
        assertThat(digits.digits()).isEqualTo(5);
        assertThat(digits.exponent()).isEqualTo(-324);
        digits.convert(0.1 + 0.2);
        assertThat(digits.digits()).isEqualTo(30000000000000004L);
        assertThat(digits.length()).isEqualTo(17);
        assertThat(digits.exponent()).isEqualTo(-1);
        digits.convert(-1e23);
        assertThat(digits.digits()).isEqualTo(1);
        assertThat(digits.exponent()).isEqualTo(23);
        digits.convert(0.0);
        assertThat(digits.digits()).isZero();
    }

    @Test
    void everyBinadeAndPowerOfTenAndItsNeighbours() {
        SplittableRandom random = new SplittableRandom(3);
        for (int biased = 0; biased < 2047; biased++) {
            long base = (long) biased << 52;
            long[] fractions = {0, 1, 2, 3, (1L << 52) - 1, (1L << 52) - 2, 1L << 51};
            for (long f : fractions) {
                check(Double.longBitsToDouble(base | f));
            }
            for (int i = 0; i < 2000; i++) {
                check(Double.longBitsToDouble(base | random.nextLong(1L << 52)));
            }
        }
        for (int e = -324; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            check(p);
            double up = p;
            double down = p;
            for (int i = 0; i < 50; i++) {
                up = Math.nextUp(up);
                down = Math.nextDown(down);
                check(up);
                check(down);
            }
        }
        // Small subnormals: few significant bits, where one digit often reads back.
        for (long c = 1; c < 200_000; c++) {
            check(Double.longBitsToDouble(c));
        }
        assertThat(compared).isGreaterThan(4_300_000);
        assertThat(singleDigitWhereJdkKeepsTwo).isPositive();
    }

    @Test
    void intervalEndsThatAreExactlyDecimalsBelongToTheIntervalOfAnEvenSignificand() {
        // c·2^q with a half-way point (2c ± 1)·2^(q-1) divisible by 5^m: scaled by 10^-k it is an
        // integer (a multiple of ten when m > k), the one case where the scaling must be exact.
        for (int q = 1; q <= 70; q++) {
            int k = ShortestDigits.floorLog10Pow2(q);
            for (int m = Math.max(1, k); m <= k + 1 && m <= 22; m++) {
                BigInteger five = BigInteger.valueOf(5).pow(m);
                BigInteger half = five.add(BigInteger.ONE).shiftRight(1); // 1/2 modulo 5^m
                for (BigInteger target : new BigInteger[] {half, five.subtract(half)}) {
                    BigInteger c = BigInteger.ONE.shiftLeft(52);
                    c = c.add(target.subtract(c).mod(five));
                    for (int i = 0; i < 4; i++, c = c.add(five)) {
                        if (c.bitLength() == 53) {
                            double v = Double.longBitsToDouble((long) (q + 1075) << 52 | c.longValue() & ((1L << 52) - 1));
                            assertMatchesTheJdk(v);
                            assertNoShorterDigitsReadBack(v);
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(400);
    }

    @Test
    void randomBitPatternsAndSixteenOrSeventeenDigitValues() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 3_000_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                check(v);
            }
            // The quotients a rate or an average leaves: 16 or 17 digits in the common range.
            check(random.nextDouble() * Math.pow(10, random.nextInt(-9, 22)));
            check(random.nextLong(1, 1_000_000) / (double) random.nextInt(1, 100_000));
        }
        // All but the NaNs and infinities among the bit patterns (one in 2048).
        assertThat(compared).isGreaterThan(8_990_000);
    }

    /** The JDK comparison on every value; reading back and no shorter digits on one in 64 (BigDecimal is slow). */
    private void check(double v) {
        assertMatchesTheJdk(v);
        if ((compared & 63) == 0) {
            assertNoShorterDigitsReadBack(v);
        }
    }

    private void assertMatchesTheJdk(double v) {
        compared++;
        digits.convert(v);
        BigDecimal jdk = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        long jdkDigits = jdk.unscaledValue().longValueExact();
        int jdkExponent = jdk.precision() - 1 - jdk.scale();
        if (digits.digits() == jdkDigits && digits.exponent() == jdkExponent && digits.length() == jdk.precision()) {
            return;
        }
        // The JDK's one difference by design: where one digit reads back it picks the nearest two.
        if (digits.length() == 1 && jdk.precision() == 2 && readsBack(v)) {
            singleDigitWhereJdkKeepsTwo++;
            return;
        }
        fail("bits %x: %d e%d, the JDK %s", Double.doubleToRawLongBits(v), digits.digits(), digits.exponent(), jdk);
    }

    private boolean readsBack(double v) {
        return Double.parseDouble(digits.digits() + "e" + (digits.exponent() - digits.length() + 1)) == Math.abs(v);
    }

    /** The digits read back, and neither neighbour of the value with one digit fewer does. */
    private void assertNoShorterDigitsReadBack(double v) {
        digits.convert(v);
        assertThat(readsBack(v)).as("bits %x", Double.doubleToRawLongBits(v)).isTrue();
        int fewer = digits.length() - 1;
        if (fewer == 0 || v == 0) {
            return;
        }
        BigDecimal exact = new BigDecimal(Math.abs(v));
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal shorter = exact.round(new MathContext(fewer, mode));
            assertThat(shorter.doubleValue()).as("bits %x, %s", Double.doubleToRawLongBits(v), shorter).isNotEqualTo(Math.abs(v));
        }
    }
}
