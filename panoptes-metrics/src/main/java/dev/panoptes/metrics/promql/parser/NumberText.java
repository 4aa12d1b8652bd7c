package dev.panoptes.metrics.promql.parser;

import java.math.BigInteger;

/**
 * PromQL number literals as Prometheus reads them: first as a Go integer with base prefix ({@code
 * 0x1f} hexadecimal, {@code 0755} octal, {@code 1_000}), then as a Go float ({@code 1.5e3}), plus
 * {@code Inf} and {@code NaN}. A float too large for a double is an error, as in Prometheus.
 */
final class NumberText {

    private NumberText() {
    }

    /** The value of a number token, or a parse error at the token in Prometheus' wording. */
    static double parse(Token t, TokenStream in) {
        try {
            return parse(t.text());
        } catch (NumberFormatException e) {
            throw in.error(t, "error parsing number: strconv.ParseFloat: parsing \"" + t.text() + "\": " + e.getMessage());
        }
    }

    /** @throws NumberFormatException with Go's reason ({@code value out of range}, {@code invalid syntax}) */
    static double parse(String text) {
        if (text.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (text.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        String t = text.replace("_", "");
        boolean hex = t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X');
        BigInteger integer = hex ? digits(t.substring(2), 16)
                : t.length() > 1 && t.charAt(0) == '0' ? digits(t.substring(1), 8) : digits(t, 10);
        if (integer != null && integer.bitLength() <= 63) {
            return integer.doubleValue();
        }
        if (hex) {
            // A hexadecimal float needs a 'p' exponent, which the lexer never produces.
            throw new NumberFormatException("invalid syntax");
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
            throw new NumberFormatException("value out of range");
        }
        return d;
    }

    /** The integer those digits spell in that base, or null when they are not all digits of it. */
    private static BigInteger digits(String s, int base) {
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), base) < 0) {
                return null;
            }
        }
        return new BigInteger(s, base);
    }
}
