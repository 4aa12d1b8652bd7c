package dev.panoptes.metrics.promql;

import java.math.BigDecimal;

/**
 * Number formatting as Go's {@code %g} and {@code %f} print, for the messages and annotations
 * whose text must equal Prometheus' ({@code quantile value should be between 0 and 1, got 1.5}).
 */
final class GoFormat {

    private GoFormat() {
    }

    /** Go's {@code %g}: the shortest representation, exponent form below 1e-4 and from 1e6. */
    static String g(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = d.unscaledValue().abs().toString();
            StringBuilder out = new StringBuilder();
            if (v < 0) {
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
        return d.toPlainString();
    }

    /** Go's {@code %.2g}: two significant digits. */
    static String g2(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return g(v);
        }
        BigDecimal d = new BigDecimal(v).round(new java.math.MathContext(2, java.math.RoundingMode.HALF_EVEN));
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 2) {
            return g(d.doubleValue()).contains("e") ? g(d.doubleValue()) : exponentForm(d, exponent, v < 0);
        }
        return d.stripTrailingZeros().toPlainString();
    }

    private static String exponentForm(BigDecimal d, int exponent, boolean negative) {
        String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
        StringBuilder out = new StringBuilder();
        if (negative) {
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

    /** Go's {@code %f}: six decimals. */
    static String f6(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
}
