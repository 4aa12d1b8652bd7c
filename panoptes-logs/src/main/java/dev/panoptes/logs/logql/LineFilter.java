package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.LineCondition;
import java.util.ArrayList;
import java.util.List;

/**
 * A line filter such as {@code |= "error"}, {@code |~ "timeout|refused"}, {@code |> "<_> 500 <_>"}
 * or {@code |= ip("10.0.0.0/8")}. With several operands ({@code |= "a" or "b"}) a positive filter
 * keeps a line that satisfies any of them and a negative one drops a line that satisfies any of
 * them (so {@code != "a" or "b"} means {@code != "a" != "b"}, as in Loki).
 *
 * <p>Invariants the parser checks: regex operands compile (RE2, unanchored); pattern operands are
 * valid {@link LinePattern}s with no named captures; {@code ip(...)} operands only with
 * {@link Op#CONTAINS} and {@link Op#NOT_CONTAINS}.
 *
 * @param op the operator
 * @param operands one or more operands in query order
 */
public record LineFilter(Op op, List<Operand> operands) implements PipelineStage {

    public LineFilter {
        operands = List.copyOf(operands);
        if (operands.isEmpty()) {
            throw new IllegalArgumentException("a line filter has at least one operand");
        }
    }

    /** A filter whose operands are all plain strings. */
    public static LineFilter of(Op op, String... texts) {
        List<Operand> operands = new ArrayList<>();
        for (String t : texts) {
            operands.add(new Operand(t, false));
        }
        return new LineFilter(op, operands);
    }

    /**
     * One operand.
     *
     * @param text the substring, regex or pattern the line is tested against; for {@code ip} the
     *     address pattern (one address, a CIDR range or {@code a-b}; not checked by the parser)
     * @param ip whether the operand is written {@code ip("...")}: the line contains an IP address within {@code text}
     */
    public record Operand(String text, boolean ip) {

        @Override
        public String toString() {
            return ip ? "ip(" + Labels.quote(text) + ")" : Labels.quote(text);
        }
    }

    /** The six operators: contains, does not contain, matches a regex, does not, matches a pattern, does not. */
    public enum Op {
        CONTAINS("|="), NOT_CONTAINS("!="), MATCHES("|~"), NOT_MATCHES("!~"), PATTERN("|>"), NOT_PATTERN("!>");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isRegex() {
            return this == MATCHES || this == NOT_MATCHES;
        }

        public boolean isPattern() {
            return this == PATTERN || this == NOT_PATTERN;
        }

        public boolean isNegative() {
            return this == NOT_CONTAINS || this == NOT_MATCHES || this == NOT_PATTERN;
        }
    }

    /** The operands' texts in order (substrings, regexes, patterns or address patterns). */
    public List<String> texts() {
        List<String> out = new ArrayList<>(operands.size());
        for (Operand o : operands) {
            out.add(o.text());
        }
        return out;
    }

    /** Whether any operand is an {@code ip(...)} test. */
    public boolean hasIpOperand() {
        for (Operand o : operands) {
            if (o.ip()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The filter as the store's line condition, which the store tests on the lines' bytes; null
     * for the filters the store does not test (patterns and {@code ip()}).
     */
    public LineCondition toLineCondition() {
        if (op.isPattern() || hasIpOperand()) {
            return null;
        }
        LineCondition.Op condition = switch (op) {
            case CONTAINS -> LineCondition.Op.CONTAINS;
            case NOT_CONTAINS -> LineCondition.Op.NOT_CONTAINS;
            case MATCHES -> LineCondition.Op.MATCHES;
            case NOT_MATCHES -> LineCondition.Op.NOT_MATCHES;
            case PATTERN, NOT_PATTERN -> throw new IllegalStateException("pattern filters are not store conditions");
        };
        return new LineCondition(condition, texts());
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(op.symbol()).append(' ');
        for (int i = 0; i < operands.size(); i++) {
            out.append(i > 0 ? " or " : "").append(operands.get(i));
        }
        return out.toString();
    }
}
