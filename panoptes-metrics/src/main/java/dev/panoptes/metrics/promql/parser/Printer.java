package dev.panoptes.metrics.promql.parser;

import dev.panoptes.core.labels.Labels;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.metrics.promql.parser.Expr.Aggregate;
import dev.panoptes.metrics.promql.parser.Expr.Binary;
import dev.panoptes.metrics.promql.parser.Expr.Call;
import dev.panoptes.metrics.promql.parser.Expr.MatrixSelector;
import dev.panoptes.metrics.promql.parser.Expr.NumberLiteral;
import dev.panoptes.metrics.promql.parser.Expr.Paren;
import dev.panoptes.metrics.promql.parser.Expr.StringLiteral;
import dev.panoptes.metrics.promql.parser.Expr.Subquery;
import dev.panoptes.metrics.promql.parser.Expr.Unary;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;
import java.util.List;
import java.util.Locale;

/**
 * Prints an expression back as canonical PromQL, the form {@code /api/v1/format_query} returns:
 * single spaces around binary operators, {@code by (...)} before the aggregated argument, the
 * metric name outside the braces. Parsing the output yields an equal tree. Stateless and
 * thread-safe.
 */
public final class Printer {

    private static final java.util.Set<String> MODIFIER_KEYWORDS = java.util.Set.of("bool", "on", "ignoring",
            "group_left", "group_right", "by", "without", "offset", "and", "or", "unless", "atan2");

    private Printer() {
    }

    public static String print(Expr e) {
        StringBuilder out = new StringBuilder();
        print(e, out);
        return out.toString();
    }

    private static void print(Expr e, StringBuilder out) {
        switch (e) {
            case NumberLiteral n -> out.append(formatNumber(n.value()));
            case StringLiteral s -> out.append(quote(s.value()));
            case VectorSelector vs -> {
                selector(vs, out);
                if (offsetAbsorbsOperators(vs)) {
                    offset(vs.offsetMillis(), vs.offsetExpr(), out);
                    at(vs.at(), out);
                    extendedRange(vs, out);
                } else {
                    at(vs.at(), out);
                    extendedRange(vs, out);
                    offset(vs.offsetMillis(), vs.offsetExpr(), out);
                }
            }
            case MatrixSelector ms -> {
                selector(ms.selector(), out);
                out.append('[');
                duration(ms.rangeMillis(), ms.rangeExpr(), out);
                out.append(']');
                if (offsetAbsorbsOperators(ms.selector())) {
                    offset(ms.selector().offsetMillis(), ms.selector().offsetExpr(), out);
                    extendedRange(ms.selector(), out);
                    at(ms.selector().at(), out);
                } else {
                    extendedRange(ms.selector(), out);
                    at(ms.selector().at(), out);
                    offset(ms.selector().offsetMillis(), ms.selector().offsetExpr(), out);
                }
            }
            case Subquery sq -> {
                print(sq.expr(), out);
                out.append('[');
                duration(sq.rangeMillis(), sq.rangeExpr(), out);
                out.append(':');
                if (sq.stepExpr() != null || sq.stepMillis() > 0) {
                    duration(sq.stepMillis(), sq.stepExpr(), out);
                }
                out.append(']');
                at(sq.at(), out);
                offset(sq.offsetMillis(), sq.offsetExpr(), out);
            }
            case Paren p -> {
                out.append('(');
                print(p.expr(), out);
                out.append(')');
            }
            case Unary u -> {
                out.append(u.negate() ? '-' : '+');
                print(u.expr(), out);
            }
            case Binary b -> binary(b, out);
            case Aggregate a -> aggregate(a, out);
            case Call c -> {
                out.append(c.function().name()).append('(');
                for (int i = 0; i < c.args().size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    print(c.args().get(i), out);
                }
                out.append(')');
            }
        }
    }

    private static void binary(Binary b, StringBuilder out) {
        print(b.lhs(), out);
        out.append(' ');
        operator(b, out);
        out.append(' ');
        print(b.rhs(), out);
    }

    /** The operator with its {@code bool}, matching and fill modifiers. */
    private static void operator(Binary b, StringBuilder out) {
        out.append(b.op().symbol());
        if (b.returnBool()) {
            out.append(" bool");
        }
        VectorMatching m = b.matching();
        if (m != null && (m.on() || !m.labels().isEmpty())) {
            out.append(m.on() ? " on" : " ignoring").append(' ');
            labelList(m.labels(), out);
        }
        if (m != null && (m.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                || m.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY)) {
            out.append(m.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left" : " group_right");
            if (!m.include().isEmpty()) {
                out.append(' ');
                labelList(m.include(), out);
            }
        }
        if (m != null) {
            fill(m, out);
        }
    }

    /** One {@code fill} when both sides take the same value, else {@code fill_left}/{@code fill_right}. */
    private static void fill(VectorMatching m, StringBuilder out) {
        Double left = m.fillLeft();
        Double right = m.fillRight();
        if (left != null && right != null && left.doubleValue() == right.doubleValue()) {
            out.append(" fill (").append(formatNumber(left)).append(')');
            return;
        }
        if (left != null) {
            out.append(" fill_left (").append(formatNumber(left)).append(')');
        }
        if (right != null) {
            out.append(" fill_right (").append(formatNumber(right)).append(')');
        }
    }

    private static void aggregate(Aggregate a, StringBuilder out) {
        aggregateHead(a, out);
        out.append('(');
        if (a.param() != null) {
            print(a.param(), out);
            out.append(", ");
        }
        print(a.expr(), out);
        out.append(')');
    }

    /** The operator and grouping of an aggregation, up to its opening parenthesis. */
    private static void aggregateHead(Aggregate a, StringBuilder out) {
        out.append(a.op().keyword());
        if (a.hasGrouping()) {
            out.append(a.without() ? " without " : " by ");
            labelList(a.grouping(), out);
            out.append(' ');
        }
    }

    /** Expressions printed longer than this are split over lines by {@link #pretty}. */
    static final int MAX_LINE = 100;

    /**
     * Prints {@code e} over several lines where it is long, as Prometheus' {@code format_query}
     * does: a node whose one-line form passes {@value #MAX_LINE} characters puts its operands,
     * arguments or inner expression on lines of their own, indented two spaces a level; shorter
     * nodes stay on one line.
     */
    public static String pretty(Expr e) {
        StringBuilder out = new StringBuilder();
        pretty(e, 0, out);
        return out.toString();
    }

    private static void pretty(Expr e, int level, StringBuilder out) {
        String flat = print(e);
        boolean split = flat.length() > MAX_LINE;
        switch (e) {
            case Subquery sq when split -> {
                pretty(sq.expr(), level, out);
                out.append(flat, print(sq.expr()).length(), flat.length());
            }
            // A short subquery is printed without indentation, as Prometheus does.
            case Subquery sq -> out.append(flat);
            case Unary u -> {
                indent(level, out);
                out.append(u.negate() ? '-' : '+');
                StringBuilder child = new StringBuilder();
                pretty(u.expr(), level, child);
                out.append(child.toString().strip());
            }
            case Aggregate a when split -> {
                indent(level, out);
                aggregateHead(a, out);
                out.append("(\n");
                if (a.param() != null) {
                    pretty(a.param(), level + 1, out);
                    out.append(",\n");
                }
                pretty(a.expr(), level + 1, out);
                out.append('\n');
                indent(level, out);
                out.append(')');
            }
            case Binary b when split -> {
                pretty(b.lhs(), level + 1, out);
                out.append('\n');
                indent(level, out);
                operator(b, out);
                out.append('\n');
                pretty(b.rhs(), level + 1, out);
            }
            case Call c when split -> {
                indent(level, out);
                out.append(c.function().name()).append("(\n");
                for (int i = 0; i < c.args().size(); i++) {
                    if (i > 0) {
                        out.append(",\n");
                    }
                    pretty(c.args().get(i), level + 1, out);
                }
                out.append('\n');
                indent(level, out);
                out.append(')');
            }
            case Paren p when split -> {
                indent(level, out);
                out.append("(\n");
                pretty(p.expr(), level + 1, out);
                out.append('\n');
                indent(level, out);
                out.append(')');
            }
            default -> {
                indent(level, out);
                out.append(flat);
            }
        }
    }

    private static void indent(int level, StringBuilder out) {
        out.append("  ".repeat(level));
    }

    private static void labelList(List<String> labels, StringBuilder out) {
        out.append('(');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(labelName(labels.get(i)));
        }
        out.append(')');
    }

    private static void selector(VectorSelector vs, StringBuilder out) {
        String name = vs.metricName();
        // A name spelled like a modifier keyword would be read back as the keyword.
        boolean nameOutside = name != null && isMetricName(name) && !MODIFIER_KEYWORDS.contains(name.toLowerCase(Locale.ROOT));
        if (nameOutside) {
            out.append(name);
        }
        StringBuilder inner = new StringBuilder();
        for (LabelMatcher m : vs.matchers()) {
            boolean isNameMatcher = name != null && m.type() == MatchType.EQUAL && m.name().equals("__name__")
                    && m.value().equals(name);
            if (isNameMatcher) {
                if (!nameOutside) {
                    if (!inner.isEmpty()) {
                        inner.insert(0, ", ");
                    }
                    inner.insert(0, quote(name));
                }
                continue;
            }
            if (!inner.isEmpty()) {
                inner.append(", ");
            }
            inner.append(labelName(m.name())).append(m.type().operator()).append(quote(m.value()));
        }
        if (!inner.isEmpty() || !nameOutside) {
            out.append('{').append(inner).append('}');
        }
    }

    private static void at(At at, StringBuilder out) {
        if (at != null) {
            switch (at.kind()) {
                case START -> out.append(" @ start()");
                case END -> out.append(" @ end()");
                case TIMESTAMP -> out.append(" @ ").append(String.format(Locale.ROOT, "%.3f", at.millis() / 1000.0));
            }
        }
    }

    private static void extendedRange(VectorSelector vs, StringBuilder out) {
        if (vs.anchored()) {
            out.append(" anchored");
        } else if (vs.smoothed()) {
            out.append(" smoothed");
        }
    }

    /**
     * True when the offset starts with a parenthesis and other modifiers are set: an offset such as
     * {@code (1m)} takes any operator that follows as more offset arithmetic, so it is printed
     * before the {@code @} and {@code anchored}/{@code smoothed} modifiers rather than last, where a
     * following binary operator would be read as part of it.
     */
    private static boolean offsetAbsorbsOperators(VectorSelector vs) {
        if (vs.at() == null && !vs.anchored() && !vs.smoothed()) {
            return false;
        }
        DurationExpr e = vs.offsetExpr();
        while (e instanceof DurationExpr.Binary b) {
            e = b.lhs();
        }
        return e instanceof DurationExpr.Paren;
    }

    private static void offset(long offsetMillis, DurationExpr offsetExpr, StringBuilder out) {
        if (offsetExpr != null) {
            out.append(" offset ");
            DurationPrinter.print(offsetExpr, out);
        } else if (offsetMillis != 0) {
            out.append(" offset ").append(DurationText.format(offsetMillis));
        }
    }

    /** A literal range or step in milliseconds, unless the expression as written is kept. */
    private static void duration(long millis, DurationExpr expr, StringBuilder out) {
        if (expr != null) {
            DurationPrinter.print(expr, out);
        } else {
            out.append(DurationText.format(millis));
        }
    }

    private static boolean isMetricName(String s) {
        if (s.isEmpty() || !Lexer.isIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Lexer.isIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return !s.equalsIgnoreCase("inf") && !s.equalsIgnoreCase("nan");
    }

    private static String labelName(String s) {
        return isMetricName(s) && s.indexOf(':') < 0 ? s : quote(s);
    }

    /** Quotes a string with Go's escaping, as Prometheus prints strings. */
    static String quote(String s) {
        return Labels.quote(s);
    }

    /** Formats a float as Go's {@code %v} does, which is how Prometheus prints number literals. */
    static String formatNumber(double v) {
        return GoNumbers.shortest(v);
    }
}
