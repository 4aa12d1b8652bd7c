package dev.panoptes.core.text;

import java.math.BigInteger;

/**
 * The shortest decimal digits that read back to a given double, as Go's {@code strconv} chooses
 * them: the fewest significant digits whose decimal lies in the double's rounding interval, and of
 * those the one nearest the double (the even one on a tie). Unlike Java's {@code Double.toString}
 * a single digit is kept when it is the shortest ({@code 5e-324}, where Java writes {@code 4.9E-324}).
 *
 * <p>Hand-written because formatting sample values is the hottest part of writing a large query
 * answer: the result is left in this object's primitive fields, so a conversion allocates
 * nothing. It follows Raffaello Giulietti's Schubfach method ("The Schubfach way to render
 * doubles", 2020): for {@code v = c·2^q}, choose {@code k} so that the rounding interval scaled by
 * {@code 10^-k} is between 1 and 10 wide; then the shortest decimal is either the one multiple of
 * ten in the scaled interval or one of the two integers around the scaled value. The scaling
 * multiplies by a 126-bit overestimate of {@code 10^-k} and rounds the product to odd, which keeps
 * every comparison with an even integer exact.
 *
 * <p>Not thread-safe: one per writer, reused for every value.
 */
public final class ShortestDigits {

    /** The range of {@code -k} over all doubles: {@code 10^e} is tabled for these {@code e}. */
    private static final int MIN_POWER = -292;
    private static final int MAX_POWER = 324;

    private static final long FRACTION_MASK = (1L << 52) - 1;
    private static final long HIDDEN_BIT = 1L << 52;
    private static final long LOW_63_BITS = (1L << 63) - 1;

    /** log10(2) and log10(3/4) as fixed-point multipliers with 41 fraction bits (exact floors over every binary exponent; see the tests). */
    private static final long LOG10_2_Q41 = 661_971_961_083L;
    private static final long LOG10_THREE_QUARTERS_Q41 = -274_743_187_321L;

    /**
     * For each {@code e} from {@link #MIN_POWER}: {@code g = floor(10^e / 2^r) + 1} with {@code r}
     * chosen so that {@code 2^125 <= g < 2^126}, split into its high bits (from bit 63) and its
     * low 63 bits, and {@code floor(log2(10^e))}. Computed here from exact integers.
     */
    private static final long[] POWER_HIGH = new long[MAX_POWER - MIN_POWER + 1];
    private static final long[] POWER_LOW = new long[MAX_POWER - MIN_POWER + 1];
    private static final int[] POWER_BINARY_EXPONENT = new int[MAX_POWER - MIN_POWER + 1];

    static {
        for (int e = MIN_POWER; e <= MAX_POWER; e++) {
            BigInteger p = BigInteger.TEN.pow(Math.abs(e));
            int binaryExponent = e >= 0 ? p.bitLength() - 1 : -p.bitLength();
            int r = binaryExponent - 125;
            BigInteger g;
            if (e >= 0) {
                g = r >= 0 ? p.shiftRight(r) : p.shiftLeft(-r);
            } else {
                g = BigInteger.ONE.shiftLeft(-r).divide(p);
            }
            g = g.add(BigInteger.ONE);
            if (g.bitLength() != 126) {
                throw new AssertionError("10^" + e + " does not scale to 126 bits");
            }
            int i = e - MIN_POWER;
            POWER_HIGH[i] = g.shiftRight(63).longValueExact();
            POWER_LOW[i] = g.longValue() & LOW_63_BITS;
            POWER_BINARY_EXPONENT[i] = binaryExponent;
        }
    }

    /** 10^0 to 10^18. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    /** The digits without trailing zeros (0 only for zero). */
    private long digits;
    /** How many digits {@link #digits} has. */
    private int length;
    /** The value is {@code digits·10^scale}. */
    private int scale;

    /** Converts the magnitude of {@code v}, which is finite. */
    public void convert(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52) & 0x7ff;
        long fraction = bits & FRACTION_MASK;
        if (biased == 0) {
            if (fraction == 0) {
                digits = 0;
                length = 1;
                scale = 0;
                return;
            }
            convert(fraction, -1074, false);
        } else {
            // The interval below a power of two is half as wide as the one above, except where
            // the subnormals below have the same spacing.
            convert(fraction | HIDDEN_BIT, biased - 1075, fraction == 0 && biased > 1);
        }
    }

    /** {@code c·2^q}; {@code narrowBelow} when the next double down is half as far as the next one up. */
    private void convert(long c, int q, boolean narrowBelow) {
        if (q <= 0 && q > -53 && (c & ((1L << -q) - 1)) == 0) {
            // An integer below 2^53: its neighbours are at most one away, so it is its own shortest form.
            set(c >> -q, 0);
            return;
        }
        // Interval ends in quarters of 2^q; they belong to it when c is even (round half to even reads them back).
        int open = (int) c & 1;
        long centre = c << 2;
        long upper = centre + 2;
        long lower;
        int k;
        if (narrowBelow) {
            lower = centre - 1;
            k = floorLog10ThreeQuartersPow2(q);
        } else {
            lower = centre - 2;
            k = floorLog10Pow2(q);
        }
        int i = -k - MIN_POWER;
        long high = POWER_HIGH[i];
        long low = POWER_LOW[i];
        // So that (x << shift)·g / 2^127 is 4·x·2^(q-2)·10^-k: the scaled values in quarters.
        int shift = q + POWER_BINARY_EXPONENT[i] + 2;
        long scaledCentre = scaleToOdd(high, low, centre << shift);
        long scaledLower = scaleToOdd(high, low, lower << shift);
        long scaledUpper = scaleToOdd(high, low, upper << shift);

        long below = scaledCentre >> 2;
        // The interval is under ten wide: it holds at most one multiple of ten, one digit shorter.
        long tenBelow = below / 10 * 10;
        long tenAbove = tenBelow + 10;
        boolean tenBelowIn = scaledLower + open <= tenBelow << 2;
        boolean tenAboveIn = (tenAbove << 2) + open <= scaledUpper;
        if (tenBelowIn != tenAboveIn) {
            set(tenBelowIn ? tenBelow : tenAbove, k);
            return;
        }
        // At least one wide: the integer below or the one above the value is in it.
        long above = below + 1;
        boolean belowIn = scaledLower + open <= below << 2;
        boolean aboveIn = (above << 2) + open <= scaledUpper;
        if (belowIn != aboveIn) {
            set(belowIn ? below : above, k);
            return;
        }
        // Both: the nearer, the even one when the value lies halfway (4·below + 2 in quarters).
        long fromMiddle = scaledCentre - ((below << 2) + 2);
        set(fromMiddle < 0 || fromMiddle == 0 && (below & 1) == 0 ? below : above, k);
    }

    /**
     * {@code floor(g·y / 2^127)} for {@code g = high·2^63 + low}, rounded to odd: the lowest bit is
     * set when any of the 63 fraction bits below is. Bits further down are dropped: they hold only
     * the overestimate in {@code g}, so an exact integer product stays exact.
     */
    private static long scaleToOdd(long high, long low, long y) {
        // g·y / 2^64 = highProduct·2^63 + highLow/2 + lowProduct (+ the dropped bits)
        long highProduct = Math.multiplyHigh(high, y);
        long highLow = high * y;
        long lowProduct = Math.multiplyHigh(low, y);
        long middle = (highLow >>> 1) + lowProduct;
        long integral = highProduct + (middle >>> 63);
        return (middle & LOW_63_BITS) == 0 ? integral : integral | 1;
    }

    private void set(long d, int k) {
        long f = d;
        int s = k;
        // Trailing zeros in halving steps: a value of few digits has up to 16 of them here.
        while (f % 100_000_000 == 0) {
            f /= 100_000_000;
            s += 8;
        }
        if (f % 10_000 == 0) {
            f /= 10_000;
            s += 4;
        }
        if (f % 100 == 0) {
            f /= 100;
            s += 2;
        }
        if (f % 10 == 0) {
            f /= 10;
            s++;
        }
        digits = f;
        scale = s;
        // floor(log10) from the bit length (1233/4096 just above log10(2)), then one correction.
        int n = (64 - Long.numberOfLeadingZeros(f)) * 1233 >>> 12;
        length = f >= POWERS_OF_TEN[n] ? n + 1 : n;
    }

    /** {@code floor(log10(2^q))} for the binary exponents of doubles. */
    static int floorLog10Pow2(int q) {
        return (int) (q * LOG10_2_Q41 >> 41);
    }

    /** {@code floor(log10(3/4 · 2^q))} for the binary exponents of doubles. */
    static int floorLog10ThreeQuartersPow2(int q) {
        return (int) (q * LOG10_2_Q41 + LOG10_THREE_QUARTERS_Q41 >> 41);
    }

    /** The significant digits of the last conversion, without trailing zeros. */
    public long digits() {
        return digits;
    }

    /** How many digits {@link #digits()} has (1 to 17). */
    public int length() {
        return length;
    }

    /** The power of ten of the first digit: the exponent of the {@code d.ddde±x} form. */
    public int exponent() {
        return scale + length - 1;
    }
}
