package dev.panoptes.metrics.promql.parser;

import dev.panoptes.metrics.promql.parser.DurationExpr.Binary;
import dev.panoptes.metrics.promql.parser.DurationExpr.Extremum;
import dev.panoptes.metrics.promql.parser.DurationExpr.Literal;
import dev.panoptes.metrics.promql.parser.DurationExpr.Negate;
import dev.panoptes.metrics.promql.parser.DurationExpr.Paren;
import dev.panoptes.metrics.promql.parser.DurationExpr.Range;
import dev.panoptes.metrics.promql.parser.DurationExpr.Step;
import java.math.BigDecimal;

/**
 * Prints a duration expression as Prometheus does: the user's parentheses and operators kept,
 * single spaces around binary operators, duration literals in their shortest unit form and
 * number literals in plain decimal ({@code 1800}, never an exponent). Stateless.
 */
final class DurationPrinter {

    private DurationPrinter() {
    }

    static void print(DurationExpr e, StringBuilder out) {
        switch (e) {
            case Literal l -> out.append(l.duration()
                    ? DurationText.format(Math.round(l.seconds() * 1000)) : plainNumber(l.seconds()));
            case Negate n -> {
                out.append('-');
                print(n.operand(), out);
            }
            case Binary b -> {
                print(b.lhs(), out);
                out.append(' ').append(b.op().symbol()).append(' ');
                print(b.rhs(), out);
            }
            case Step s -> out.append("step()");
            case Range r -> out.append("range()");
            case Extremum x -> {
                out.append(x.max() ? "max_of(" : "min_of(");
                print(x.first(), out);
                out.append(", ");
                print(x.second(), out);
                out.append(')');
            }
            case Paren p -> {
                out.append('(');
                print(p.inner(), out);
                out.append(')');
            }
        }
    }

    /** The shortest decimal that reads back as {@code v}, without exponent (Go's 'f', -1 format). */
    static String plainNumber(double v) {
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
