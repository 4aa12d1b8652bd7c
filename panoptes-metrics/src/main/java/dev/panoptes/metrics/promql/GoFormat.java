package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.GoNumbers;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number formatting as Go prints it, for the messages, annotations and labels whose text must
 * equal Prometheus' ({@code quantile value should be between 0 and 1, got 1.5}).
 */
final class GoFormat {

    private GoFormat() {
    }

    /** Go's {@code %g}: the shortest representation, exponent form below 1e-4 and from 1e6. */
    static String g(double v) {
        return GoNumbers.shortest(v);
    }

    /** Go's {@code %.2g}: two significant digits. */
    static String g2(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return g(v);
        }
        return GoNumbers.format(new BigDecimal(v).round(new MathContext(2, RoundingMode.HALF_EVEN)), 2);
    }

    /** Go's {@code %f}: six decimals. */
    static String f6(double v) {
        if (!Double.isFinite(v)) {
            return g(v);
        }
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal that reads back as the
     * same double, never in exponent form. {@code count_values} puts values into labels this way.
     */
    static String plain(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return g(v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
