package dev.panoptes.wire.exposition;

import java.math.BigDecimal;

/**
 * Floats as OpenMetrics writes them in {@code le} and {@code quantile} values, which is how
 * Prometheus names the buckets and quantiles it reads from the protobuf format: the shortest
 * digits that read back to the same double, in exponent form below 1e-4 and from 1e6 on (as Go's
 * shortest {@code 'g'} formatting does: {@code 1e+06}), and otherwise always with a decimal point
 * ({@code 1.0}, not {@code 1}).
 */
final class OpenMetricsFloats {

    private OpenMetricsFloats() {
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder(v < 0 ? "-" : "");
        if (exponent < -4 || exponent >= 6) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            out.append(abs < 10 ? "0" : "").append(abs);
            return out.toString();
        }
        String plain = exact.toPlainString();
        out.append(plain);
        if (plain.indexOf('.') < 0) {
            out.append(".0");
        }
        return out.toString();
    }
}
