package dev.panoptes.metrics.api;

import dev.panoptes.core.text.GoFloatText;
import dev.panoptes.core.text.ShortestDigits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The text of numbers in API responses, as Prometheus writes them: sample values in the shortest
 * form that reads back to the same double, plain decimals except below 1e-6 and from 1e21 on
 * (exponent form, {@code 1e-07}), {@code +Inf}, {@code -Inf}, {@code NaN}; timestamps as seconds
 * with exactly the milliseconds written ({@code 1.500}, {@code 12}). The shortest digits are
 * Go's ({@link ShortestDigits}), never the JDK's, which keep two digits where one reads back
 * ({@code 5e-324}). Stateless.
 */
final class NumberText {

    /** Integral values below this are exact as longs and print without going through the decimal conversion. */
    private static final double EXACT_LONG = 1e15;
    /** Exact powers of ten as doubles (every one up to 1e22 is). */
    private static final double[] POWERS = new double[23];
    /** Powers of ten as longs up to the largest seventeen digits can reach. */
    private static final long[] LONG_POWERS = new long[18];
    /** The digits of a short decimal stay below this, so at most one of them per length reads back to a double. */
    private static final long SHORT_DIGITS_LIMIT = 1_000_000_000_000_000L;
    private static final double LOG10_2 = 0.30102999566398120;

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
        long l = 1;
        for (int i = 0; i < LONG_POWERS.length; i++) {
            LONG_POWERS[i] = l;
            l *= 10;
        }
    }

    private NumberText() {
    }

    /** A sample value as Prometheus writes it inside its quotes: Go's {@code 'e'} layout below 1e-6 and from 1e21, {@code 'f'} between. */
    static String sampleValue(double v) {
        double abs = Math.abs(v);
        return abs != 0 && (abs < 1e-6 || abs >= 1e21) ? GoFloatText.exponent(v) : GoFloatText.fixed(v);
    }

    /** Go's {@code FormatFloat(v, 'f', -1, 64)}: the shortest digits, never in exponent form. */
    static String fixed(double v) {
        return GoFloatText.fixed(v);
    }

    /**
     * A float as a JSON number the way Go's encoder writes one (for timings): plain decimals in
     * the common range, otherwise exponent form without padding ({@code 1e-7}).
     */
    static String jsonNumber(double v) {
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String e = GoFloatText.exponent(v);
            int at = e.indexOf('e');
            if (e.charAt(at + 2) == '0') {
                e = e.substring(0, at + 2) + e.substring(at + 3);
            }
            return e;
        }
        return sampleValue(v);
    }

    /**
     * Writes {@link #sampleValue} of {@code v} as ASCII into {@code out} (at least 32 bytes from
     * {@code at}) and returns the end, without allocating. Integral values and values of at most
     * 15 significant digits are written straight from a long; the rest from the shortest digits
     * that {@code digits} (reused, one per writer) works out.
     */
    static int sampleValueBytes(double v, byte[] out, int at, ShortestDigits digits) {
        double abs = Math.abs(v);
        if (v == (long) v && abs < EXACT_LONG) {
            if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
                out[at] = '-';
                out[at + 1] = '0';
                return at + 2;
            }
            return longBytes((long) v, out, at);
        }
        if (abs >= 1e-6 && abs < EXACT_LONG) {
            int end = shortDecimalBytes(v < 0, abs, out, at);
            if (end >= 0) {
                return end;
            }
        }
        return shortestBytes(v, out, at, digits);
    }

    /** The values of more than 15 digits, out of range of the short path, or not finite; a method of its own so that the common paths stay small enough to inline. */
    private static int shortestBytes(double v, byte[] out, int at, ShortestDigits digits) {
        if (Double.isNaN(v)) {
            return asciiBytes("NaN", out, at);
        }
        if (Double.isInfinite(v)) {
            return asciiBytes(v > 0 ? "+Inf" : "-Inf", out, at);
        }
        digits.convert(v);
        int n = at;
        if (v < 0) {
            out[n++] = '-';
        }
        double abs = Math.abs(v);
        return abs < 1e-6 || abs >= 1e21 ? exponentBytes(digits, out, n) : plainBytes(digits, out, n);
    }

    /** The converted digits as a decimal without an exponent, for a value below 1e21 (at most 25 bytes). */
    private static int plainBytes(ShortestDigits d, byte[] out, int at) {
        long digits = d.digits();
        int length = d.length();
        int point = d.exponent() + 1; // digits before the decimal point
        int n = at;
        if (point <= 0) {
            out[n++] = '0';
            out[n++] = '.';
            for (int i = 0; i < -point; i++) {
                out[n++] = '0';
            }
            return fixedWidthBytes(digits, length, out, n);
        }
        if (point >= length) {
            n = fixedWidthBytes(digits, length, out, n);
            for (int i = length; i < point; i++) {
                out[n++] = '0';
            }
            return n;
        }
        // All digits one place to the right, then the whole part moved back over the point's
        // place: cheaper than dividing by a power of ten that is not a constant.
        int end = fixedWidthBytes(digits, length, out, n + 1);
        for (int i = 0; i < point; i++) {
            out[n + i] = out[n + i + 1];
        }
        out[n + point] = '.';
        return end;
    }

    /** The converted digits in Go's {@code 'e'} layout: {@code 1.5e+21}, {@code 1e-07} (at most 23 bytes). */
    private static int exponentBytes(ShortestDigits d, byte[] out, int at) {
        int length = d.length();
        int n = fixedWidthBytes(d.digits(), length, out, at + 1);
        out[at] = out[at + 1];
        if (length > 1) {
            out[at + 1] = '.';
        } else {
            n--;
        }
        int exponent = d.exponent();
        out[n++] = 'e';
        out[n++] = (byte) (exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            out[n++] = '0';
        }
        return longBytes(e, out, n);
    }

    /**
     * Writes {@code value} in exactly {@code width} digits, with leading zeros, and returns the
     * end: eight digits at a time as one long store, the last eight or fewer two per division.
     */
    private static int fixedWidthBytes(long value, int width, byte[] out, int at) {
        int end = at + width;
        int i = end;
        long v = value;
        while (i - at > 8) {
            long q = v / 100_000_000L;
            i -= 8;
            LONG_LE.set(out, i, eightDigits((int) (v - q * 100_000_000L)));
            v = q;
        }
        int r = (int) v;
        while (i - at >= 2) {
            int p = r / 100;
            int pair = (r - p * 100) * 2;
            out[--i] = DIGIT_PAIRS[pair + 1];
            out[--i] = DIGIT_PAIRS[pair];
            r = p;
        }
        if (i > at) {
            out[--i] = (byte) ('0' + r);
        }
        return end;
    }

    /**
     * The eight ASCII digits of {@code block} (below 10^8) packed first digit lowest, for a
     * little-endian store: split into halves of four digits in 32-bit lanes, then pairs in 16-bit
     * lanes, then digits in bytes, each step dividing every lane at once by a multiply and shift
     * that is exact for the lane's range.
     */
    private static long eightDigits(int block) {
        long fours = block / 10_000 | (long) (block % 10_000) << 32;
        long hundreds = (fours * 5243 >>> 19) & 0x0000_007F_0000_007FL; // x / 100 for x < 43699
        long pairs = hundreds | (fours - hundreds * 100) << 16;
        long tens = (pairs * 103 >>> 10) & 0x000F_000F_000F_000FL; // x / 10 for x < 179
        long digits = tens | (pairs - tens * 10) << 8;
        return digits + 0x3030_3030_3030_3030L;
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Writes {@code abs} (non-integral, from 1e-6 to below 1e15) as a plain decimal when its
     * shortest digits number at most 15, and returns the end; returns -1 when they may be more.
     * Below 10^15 the decimals of one length lie further apart than a double's rounding interval
     * is wide, so the one that divides back to exactly {@code abs} is the only one of its length,
     * and with its trailing zeros cut the shortest of all; the division is exact-then-rounded
     * because both operands are exact doubles.
     */
    private static int shortDecimalBytes(boolean negative, double abs, byte[] out, int at) {
        // floor(log10(abs)), or one less: the scale then gives 15 digits, or 16 and one fewer is tried.
        int magnitude = (int) Math.floor(Math.getExponent(abs) * LOG10_2);
        int scale = 14 - magnitude;
        long digits = Math.round(abs * POWERS[scale]);
        if (digits >= SHORT_DIGITS_LIMIT && scale > 1) {
            scale--;
            digits = Math.round(abs * POWERS[scale]);
        }
        if (scale < 1 || digits >= SHORT_DIGITS_LIMIT || digits / POWERS[scale] != abs) {
            return -1;
        }
        while (digits % 10 == 0) {
            digits /= 10;
            scale--;
        }
        int n = at;
        if (negative) {
            out[n++] = '-';
        }
        long whole = scale < LONG_POWERS.length ? digits / LONG_POWERS[scale] : 0;
        long fraction = scale < LONG_POWERS.length ? digits % LONG_POWERS[scale] : digits;
        n = longBytes(whole, out, n);
        out[n++] = '.';
        return fixedWidthBytes(fraction, scale, out, n);
    }

    /**
     * Writes milliseconds as seconds into {@code out} (at least 24 bytes from {@code at}) as ASCII
     * without allocating and returns the end: the integral part, then a dot and three digits when
     * the fraction is not zero.
     */
    static int timestampBytes(long millis, byte[] out, int at) {
        int n = at;
        long t = millis;
        if (t < 0) {
            out[n++] = '-';
            t = -t;
        }
        n = longBytes(t / 1000, out, n);
        int fraction = (int) (t % 1000);
        if (fraction != 0) {
            out[n++] = '.';
            out[n++] = (byte) ('0' + fraction / 100);
            out[n++] = (byte) ('0' + fraction / 10 % 10);
            out[n++] = (byte) ('0' + fraction % 10);
        }
        return n;
    }

    /** Writes the decimal digits of {@code value} (not {@code Long.MIN_VALUE}) as ASCII at {@code offset}; returns the end. */
    static int longBytes(long value, byte[] out, int offset) {
        int n = offset;
        long v = value;
        if (v < 0) {
            out[n++] = '-';
            v = -v;
        }
        // Two digits per division, written from the end: every point of a matrix has a
        // timestamp of ten or more digits, so this is on the hottest path of a large answer.
        int end = n + digitCount(v);
        int at = end;
        while (v >= 100) {
            long q = v / 100;
            int pair = (int) (v - q * 100) * 2;
            out[--at] = DIGIT_PAIRS[pair + 1];
            out[--at] = DIGIT_PAIRS[pair];
            v = q;
        }
        if (v >= 10) {
            int pair = (int) v * 2;
            out[--at] = DIGIT_PAIRS[pair + 1];
            out[--at] = DIGIT_PAIRS[pair];
        } else {
            out[--at] = (byte) ('0' + v);
        }
        return end;
    }

    /** "00" to "99" back to back. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** The number of decimal digits of {@code v} (not negative). */
    private static int digitCount(long v) {
        int digits = 1;
        for (long bound = 10; digits < 19 && v >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    private static int asciiBytes(CharSequence text, byte[] out, int at) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            out[at + i] = (byte) text.charAt(i);
        }
        return at + length;
    }

    static String timestamp(long millis) {
        byte[] out = new byte[24];
        return new String(out, 0, timestampBytes(millis, out, 0), StandardCharsets.US_ASCII);
    }
}
