package dev.panoptes.metrics.promql.parser;

import java.math.BigDecimal;

/**
 * Numbers as Go prints them, which is what Prometheus' texts contain: the shortest decimal that
 * reads back as the same double ({@code %v}, {@code %g}), in exponent form ({@code 1e+06},
 * {@code 1.5e-05}) when the decimal exponent is below -4 or at least a limit (6 for the
 * shortest form). One place for the printer, the engine's messages and its annotations.
 */
public final class GoNumbers {

    private GoNumbers() {
    }

    /** Go's {@code %g} (and {@code %v}) of a double. */
    public static String shortest(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        // Double.toString gives the shortest round-tripping digits (JDK 19 and later).
        return format(new BigDecimal(Double.toString(v)), 6);
    }

    /**
     * {@code d} without trailing zeros, in exponent form when its exponent is below -4 or at
     * least {@code exponentLimit} (Go's rule for {@code %g} at that precision).
     */
    public static String format(BigDecimal d, int exponentLimit) {
        d = d.stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < exponentLimit) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder();
        if (d.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }
}
