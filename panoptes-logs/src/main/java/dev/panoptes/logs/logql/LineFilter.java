package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.LineCondition;
import java.util.List;

/**
 * A line filter such as {@code |= "error"} or {@code |~ "timeout|refused"}. With several values
 * ({@code |= "a" or "b"}) a positive filter keeps a line that satisfies any of them and a negative
 * one drops a line that satisfies any of them.
 */
public record LineFilter(Op op, List<String> values) implements PipelineStage {

    public LineFilter {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a line filter has at least one value");
        }
    }

    /** The four operators: contains, does not contain, matches a regex, does not match it. */
    public enum Op {
        CONTAINS("|="), NOT_CONTAINS("!="), MATCHES("|~"), NOT_MATCHES("!~");

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

        public boolean isNegative() {
            return this == NOT_CONTAINS || this == NOT_MATCHES;
        }
    }

    /** The filter as the store's line condition, which the store tests on the lines' bytes. */
    public LineCondition toLineCondition() {
        LineCondition.Op condition = switch (op) {
            case CONTAINS -> LineCondition.Op.CONTAINS;
            case NOT_CONTAINS -> LineCondition.Op.NOT_CONTAINS;
            case MATCHES -> LineCondition.Op.MATCHES;
            case NOT_MATCHES -> LineCondition.Op.NOT_MATCHES;
        };
        return new LineCondition(condition, values);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(op.symbol()).append(' ');
        for (int i = 0; i < values.size(); i++) {
            out.append(i > 0 ? " or " : "").append(Labels.quote(values.get(i)));
        }
        return out.toString();
    }
}
