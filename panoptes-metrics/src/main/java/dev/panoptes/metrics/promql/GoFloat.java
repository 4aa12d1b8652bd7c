package dev.panoptes.metrics.promql;

import java.math.BigDecimal;

/**
 * Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal that reads back as the
 * same double, never in exponent form. {@code count_values} puts values into labels this way.
 */
final class GoFloat {

    private GoFloat() {
    }

    static String formatShortest(double v) {
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
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
