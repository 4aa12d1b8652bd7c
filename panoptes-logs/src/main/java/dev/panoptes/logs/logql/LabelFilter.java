package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition on a line's labels (stream labels, structured metadata and labels extracted by
 * parsers), such as {@code status >= 500 or level="error"}. It is a pipeline stage when written
 * after {@code |} ({@link PipelineStage.LabelFilterStage}) and a post-filter of an
 * {@link Unwrap}.
 *
 * <p>Comparisons of numbers, durations and byte sizes convert the label's value first; a line
 * whose value does not convert fails the comparison and gets the {@code __error__} label, as in
 * Loki. {@link And} binds tighter than {@link Or}; both are flattened (no operand of an
 * {@code And} is an {@code And}, none of an {@code Or} is an {@code Or}) and have two or more operands.
 */
public sealed interface LabelFilter {

    /** The comparison operators of numeric, duration and byte-size filters. */
    enum Comparison {
        EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * A string comparison {@code name="v"}, {@code !=}, {@code =~}, {@code !~}: a missing label
     * compares as the empty string; regexes are anchored, as in selectors.
     */
    record StringMatch(LabelMatcher matcher) implements LabelFilter {

        @Override
        public String toString() {
            return matcher.name() + matcher.type().operator() + Labels.quote(matcher.value());
        }
    }

    /** {@code name > 5}: the label's value read as a float, compared with {@code value} (finite). */
    record NumberCompare(String name, Comparison op, double value) implements LabelFilter {

        @Override
        public String toString() {
            return name + op.symbol() + LogQLUnits.formatNumber(value);
        }
    }

    /** {@code name > 250ms}: the label's value read as a Go duration ({@code 1.5s}), compared with {@code value}. */
    record DurationCompare(String name, Comparison op, Duration value) implements LabelFilter {

        @Override
        public String toString() {
            return name + op.symbol() + LogQLUnits.format(value);
        }
    }

    /** {@code name > 10KB}: the label's value read as a byte size ({@code 5MB}, {@code 42}), compared with {@code bytes}. */
    record BytesCompare(String name, Comparison op, long bytes) implements LabelFilter {

        @Override
        public String toString() {
            return name + op.symbol() + LogQLUnits.formatBytes(bytes);
        }
    }

    /**
     * {@code name = ip("10.0.0.0/8")} or {@code name != ip(...)}: whether the label's value is an
     * IP address within {@code pattern}, which is as Loki writes it: one address, a CIDR range or
     * {@code a-b}, IPv4 or IPv6 (not checked by the parser; an evaluator refuses a bad one).
     */
    record IpMatch(String name, boolean negated, String pattern) implements LabelFilter {

        @Override
        public String toString() {
            return name + (negated ? "!=" : "=") + "ip(" + Labels.quote(pattern) + ")";
        }
    }

    /** Every operand holds ({@code a, b}, {@code a and b}, {@code a b}). */
    record And(List<LabelFilter> operands) implements LabelFilter {

        public And {
            operands = flatten(operands, And.class);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (LabelFilter f : operands) {
                out.append(out.isEmpty() ? "" : " and ").append(f instanceof Or ? "(" + f + ")" : f.toString());
            }
            return out.toString();
        }
    }

    /** At least one operand holds. */
    record Or(List<LabelFilter> operands) implements LabelFilter {

        public Or {
            operands = flatten(operands, Or.class);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (LabelFilter f : operands) {
                out.append(out.isEmpty() ? "" : " or ").append(f);
            }
            return out.toString();
        }
    }

    private static List<LabelFilter> flatten(List<LabelFilter> operands, Class<? extends LabelFilter> kind) {
        List<LabelFilter> flat = new ArrayList<>();
        for (LabelFilter f : operands) {
            if (f instanceof And a && kind == And.class) {
                flat.addAll(a.operands());
            } else if (f instanceof Or o && kind == Or.class) {
                flat.addAll(o.operands());
            } else {
                flat.add(f);
            }
        }
        if (flat.size() < 2) {
            throw new IllegalArgumentException("a conjunction or disjunction has at least two operands");
        }
        return List.copyOf(flat);
    }
}
