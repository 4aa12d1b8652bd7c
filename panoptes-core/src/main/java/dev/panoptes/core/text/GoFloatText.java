package dev.panoptes.core.text;

/**
 * Doubles as Go's {@code strconv.FormatFloat(v, fmt, -1, 64)} writes them, which is how
 * Prometheus and Loki print sample values: the shortest digits that read back
 * ({@link ShortestDigits}), {@code NaN}, {@code +Inf}, {@code -Inf} and {@code -0} as Go spells
 * them. Stateless; each call converts with its own {@link ShortestDigits} (the byte writers of
 * the query APIs keep one per response instead).
 */
public final class GoFloatText {

    /** Integral values below this are exact as longs and print without the decimal conversion. */
    private static final double EXACT_LONG = 1e15;

    private GoFloatText() {
    }

    /** {@code FormatFloat(v, 'f', -1, 64)}: the shortest digits, never in exponent form. */
    public static String fixed(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (v == (long) v && Math.abs(v) < EXACT_LONG) {
            return Long.toString((long) v);
        }
        ShortestDigits d = new ShortestDigits();
        StringBuilder out = new StringBuilder(24);
        String digits = convert(v, d, out);
        int point = d.exponent() + 1; // digits before the decimal point
        if (point <= 0) {
            out.append("0.");
            out.repeat('0', -point);
            out.append(digits);
        } else if (point >= digits.length()) {
            out.append(digits);
            out.repeat('0', point - digits.length());
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }

    /** {@code FormatFloat(v, 'e', -1, 64)}: {@code 1.5e+21}, {@code 1e-07}. */
    public static String exponent(double v) {
        String special = special(v);
        if (special != null) {
            return v == 0 ? special + "e+00" : special;
        }
        ShortestDigits d = new ShortestDigits();
        StringBuilder out = new StringBuilder(24);
        String digits = convert(v, d, out);
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        int exponent = d.exponent();
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }

    /** Converts {@code v} into {@code d}, writes its sign to {@code out} and returns its digits. */
    private static String convert(double v, ShortestDigits d, StringBuilder out) {
        d.convert(v);
        if (v < 0) {
            out.append('-');
        }
        return Long.toString(d.digits());
    }

    /** The spelling of NaN, the infinities and the zeros, or null for any other value. */
    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) != 0 ? "-0" : "0";
        }
        return null;
    }
}
